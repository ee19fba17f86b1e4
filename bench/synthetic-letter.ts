import { MONTH_NAMES } from '../src/text/months.js';
import { ORDINAL_WORDS } from '../src/text/ordinals.js';
import type { SeedMaterial } from './seed-material.js';

import { between, pick, type Rng, seededRng } from './seeded-rng.js';

const MONTHS = MONTH_NAMES;
/** First to tenth only: the generated corpus stays the same for the same seed. */
const ORDINALS = ORDINAL_WORDS.slice(0, 10);
const PLACE_START = ['Ash', 'Brad', 'Carl', 'Dun', 'Elm', 'Fair', 'Glen', 'Har', 'Ing', 'Kel', 'Lang', 'Mar', 'Nor', 'Oak', 'Pen', 'Ran', 'Sal', 'Thorn', 'Wal', 'York'];
const PLACE_END = ['ford', 'bury', 'ton', 'ham', 'wick', 'field', 'mouth', 'stead', 'ley', 'borough'];
const FORMS = ['London Borough of', 'County Council of', 'City of', 'Metropolitan Borough of'];
const FIRST = ['Anne', 'Brenda', 'Louise', 'Andy', 'Robert', 'Eleni', 'James', 'Priya', 'Tomasz', 'Grace', 'Mohammed', 'Sarah', 'David', 'Helen'];
const LAST = ['Waterman', 'Whippey', 'Hocking', 'McLaughlin', 'Henderson', 'Ioannides', 'Okafor', 'Patel', 'Nowak', 'Hughes', 'Rahman', 'Clarke', 'Evans', 'Burke'];
const SECTIONS = ['Areas covered by the visit', 'Overview', 'Findings and evaluation of progress'];

/** Place name for letter i: 200 places, so most places get several visits (like the real series). */
export function placeOf(i: number): string {
  const p = i % 200;
  return `${PLACE_START[p % PLACE_START.length]}${PLACE_END[Math.floor(p / PLACE_START.length) % PLACE_END.length]}`;
}

/** A sentence walked from the seeds' word transitions, 8–40 words, ending where a seed sentence ended. */
function walkSentence(rng: Rng, m: SeedMaterial): string {
  const out = [pick(rng, m.starters)];
  const max = between(rng, 8, 40);
  while (out.length < max) {
    const options = m.next.get(out[out.length - 1] as string);
    if (!options) break;
    const w = pick(rng, options);
    out.push(w);
    if (/[.!?]$/.test(w) && out.length >= 8) break;
  }
  const s = out.join(' ');
  return /[.!?]$/.test(s) ? s : `${s.replace(/[,;:]$/, '')}.`;
}

function paragraph(rng: Rng, m: SeedMaterial, section: string, place: string): string {
  const pool = m.sentencesBySection.get(section) ?? m.allSentences;
  const n = between(rng, 2, 6);
  const sentences: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = rng() < 0.5 ? pick(rng, pool.length ? pool : m.allSentences) : walkSentence(rng, m);
    sentences.push(s.replace(/Croydon/g, place));
  }
  return sentences.join(' ');
}

/** Hard-wraps at ~80 columns with trailing spaces, like the PDF-extracted seed. */
function hardWrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + w.length > 80) {
      lines.push(`${line} `);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(`${line} `);
  return lines.join('\n');
}

export interface SyntheticLetter {
  file: string;
  text: string;
}

/**
 * A code only letter i carries ("zqaabcq"): letters only, ending in q so no stemmer touches it.
 * The bench searches each sampled letter's code and expects that letter first.
 */
export function uniqueCode(i: number): string {
  let s = '';
  for (let k = 0, x = i; k < 5; k++, x = Math.floor(x / 26)) s = String.fromCharCode(97 + (x % 26)) + s;
  return `zq${s}q`;
}

/** Letter i of a corpus: same result for the same (seed, i), whatever else is generated. */
export function syntheticLetter(seed: number, i: number, m: SeedMaterial): SyntheticLetter {
  const rng = seededRng(seed * 1_000_003 + i);
  const place = placeOf(i);
  const authority = `${pick(rng, FORMS)} ${place}`;
  const year = 2015 + (i % 10);
  const month = between(rng, 0, 11);
  const day = between(rng, 1, 26);
  const visit = pick(rng, ORDINALS);
  const [inspectorA, inspectorB] = [`${pick(rng, FIRST)} ${pick(rng, LAST)}`, `${pick(rng, FIRST)} ${pick(rng, LAST)}`];
  const recipient = `${pick(rng, FIRST)} ${pick(rng, LAST)}`;
  const markdown = i % 2 === 0;
  const heading = (h: string) => (markdown ? `## ${h}` : h);
  const para = (p: string) => (markdown ? p : hardWrap(p));

  const parts = [
    'Ofsted Piccadilly Gate Store Street Manchester M1 2WD',
    `${markdown ? '**T**' : 'T'} 0300 123 1231 ${markdown ? '**Textphone**' : 'Textphone'} 0161 618 8524 enquiries@ofsted.gov.uk www.gov.uk/ofsted`,
    `${day + 2} ${MONTHS[month]} ${year}`,
    `${recipient} Director of Children's Services ${authority} 1 Town Hall Square ${place}`,
    `Dear ${pick(rng, ['Mr', 'Ms', 'Mrs', 'Dr'])} ${recipient.split(' ')[1]}`,
    heading(`Monitoring visit to ${place} local authority children's services`),
    para(
      `This letter summarises the findings of the monitoring visit to ${place} local authority children's services on ${day} and ${day + 1} ${MONTHS[month]} ${year}. ` +
        `The visit was the ${visit} monitoring visit since the local authority was judged inadequate in ${pick(rng, MONTHS)} ${year - 1}. ` +
        `The inspectors were ${inspectorA} and ${inspectorB}, Her Majesty's Inspectors. Our reference for this visit is ${uniqueCode(i)}.`,
    ),
  ];
  for (const section of SECTIONS) {
    parts.push(heading(section));
    const count = section === 'Findings and evaluation of progress' ? between(rng, 9, 15) : between(rng, 1, 3);
    for (let p = 0; p < count; p++) parts.push(para(paragraph(rng, m, section, place)));
  }
  parts.push(
    para('I am copying this letter to the Department for Education. This letter will be published on the Ofsted website.'),
    'Yours sincerely',
    `${inspectorA} Her Majesty's Inspector`,
  );
  const id = `${place.toLowerCase()}-${year}-${String(month + 1).padStart(2, '0')}-${String(day + 2).padStart(2, '0')}-${i}`;
  return { file: `${id}${markdown ? '.md' : '.txt'}`, text: `${parts.join('\n\n')}\n` };
}

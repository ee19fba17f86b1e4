/**
 * Seeded generator of letter-like text in both seed styles (Markdown and PDF-extracted), with
 * the awkward bits the chunker must survive: hard-wrapped lines with trailing spaces,
 * whitespace-only blank lines, U+F0B7 bullets, curly quotes, `long-\nterm` splits, CRLF and
 * lone CR line ends, very long paragraphs, over-long words and tiny fragments.
 */

import { between, pick, type Rng, seededRng } from '../../bench/seeded-rng.js';

const SUBJECTS = [
  'Senior managers',
  'Social workers',
  'Inspectors',
  'The local authority',
  'Team managers',
  'Leaders',
  'Frontline staff',
  'The director of children\u2019s services',
  'Independent reviewing officers',
  'Partner agencies',
];
const VERBS = [
  'have improved',
  'are reviewing',
  'do not always record',
  'recognise',
  'have strengthened',
  'continue to monitor',
  'are beginning to address',
  'have not yet resolved',
  'understand',
  'have audited',
];
const OBJECTS = [
  'the quality of care planning',
  'caseloads in the assessment teams',
  'management oversight of practice',
  'the timeliness of visits to children',
  'the use of the Public Law Outline (PLO)',
  'thresholds for child protection enquiries',
  'the recruitment of permanent staff',
  'the \u2018step up\u2019 and \u2018step down\u2019 of cases',
  'direct work with children and families',
  'the tracking of pre-proceedings work',
];
const TAILS = [
  '',
  ' in most cases',
  ' since the last visit',
  ', although progress is uneven',
  ' for too many children',
  ' with \u201cclear and purposeful\u201d plans',
  ' across the service',
  ', as leaders acknowledge',
];
const HYPHENATED = [
  ['long', 'term'],
  ['child', 'centred'],
  ['pre', 'proceedings'],
  ['well', 'being'],
  ['multi', 'agency'],
  ['decision', 'making'],
];
const HEADINGS = ['Areas covered by the visit', 'Overview', 'Findings and evaluation of progress', 'Next steps', 'Leadership and management', 'Quality of practice'];
const FRAGMENTS = ['This is positive.', 'Progress is slow.', 'This is a concern.', 'See above.', 'Good.', 'Work continues.'];

export type LineEnd = '\n' | '\r\n' | '\r';

export interface GeneratedLetter {
  text: string;
  style: 'markdown' | 'pdf';
  lineEnd: LineEnd;
}

function sentence(rng: Rng): string {
  const hy = rng() < 0.2 ? ` including ${pick(rng, HYPHENATED).join('-')} work` : '';
  return `${pick(rng, SUBJECTS)} ${pick(rng, VERBS)} ${pick(rng, OBJECTS)}${hy}${pick(rng, TAILS)}.`;
}

function paragraph(rng: Rng, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(rng)).join(' ');
}

/** A run-on "sentence" with no full stops, so the chunker must cut at whitespace. */
function runOn(rng: Rng, words: number): string {
  return Array.from({ length: words }, () => pick(rng, OBJECTS).split(' ')[1] ?? 'work').join(' ');
}

/** PDF-style hard wrap: lines of ~width chars ending in trailing spaces; some hyphenated splits. */
function hardWrap(rng: Rng, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const hy = /^([a-z]+)-([a-z]+)$/.exec(word);
    if (line && line.length + word.length + 1 > width) {
      if (hy && rng() < 0.7) {
        lines.push(`${line} ${hy[1]}-`.trimStart());
        line = hy[2] as string;
        continue;
      }
      lines.push(`${line} `.trimStart() + (rng() < 0.5 ? ' ' : ''));
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${line} `);
  return lines;
}

export interface GenerateOptions {
  style?: 'markdown' | 'pdf';
  lineEnd?: LineEnd;
  /** Add a paragraph of this many sentences (well over the token limit). */
  longParagraphSentences?: number;
}

/** One letter-like text; the same seed always gives the same text. */
export function generateLetter(seed: number, options: GenerateOptions = {}): GeneratedLetter {
  const rng = seededRng(seed);
  const style = options.style ?? (rng() < 0.5 ? 'markdown' : 'pdf');
  const lineEnd = options.lineEnd ?? pick(rng, ['\n', '\n', '\r\n', '\r'] as const);
  const blocks: string[][] = []; // each block is its lines
  const blank = () => (style === 'pdf' ? pick(rng, [' ', '', '\t', '  ']) : '');
  const para = (text: string) => blocks.push(style === 'pdf' ? hardWrap(rng, text, between(rng, 60, 95)) : [text]);
  const heading = (h: string) => blocks.push([style === 'markdown' ? (rng() < 0.8 ? `## ${h}` : `**${h}**`) : `${h} `]);

  const withFront = rng() < 0.8;
  if (withFront) {
    if (rng() < 0.5) blocks.push(['Ofsted Piccadilly Gate Store Street Manchester M1 2WD']);
    blocks.push([`${between(rng, 1, 28)} ${pick(rng, ['March', 'July', 'December'])} 20${between(rng, 10, 24)} `]);
    blocks.push(['Jo Bloggs ', 'Director of Children\u2019s Services ', 'Anytown Council ', '1 High Street ']);
    blocks.push([`Dear ${pick(rng, ['Ms', 'Mr', 'Dr'])} Bloggs `]);
  }
  heading('Monitoring visit to Anytown children\u2019s services');
  const sections = between(rng, 1, 4);
  for (let s = 0; s < sections; s++) {
    if (s > 0 || rng() < 0.5) heading(pick(rng, HEADINGS));
    const paras = between(rng, 1, 6);
    for (let p = 0; p < paras; p++) {
      const r = rng();
      if (r < 0.12) blocks.push([pick(rng, FRAGMENTS)]);
      else if (r < 0.25) {
        para(`${paragraph(rng, between(rng, 1, 2)).slice(0, -1)}, including:`);
        const bullet = style === 'pdf' ? '\uf0b7' : '-';
        const items = between(rng, 2, 4);
        for (let i = 0; i < items; i++) {
          const item = `${bullet} ${sentence(rng).slice(0, -1).toLowerCase()}${i === items - 1 ? '.' : ''}`;
          // PDF extraction often leaves an empty line before each bullet.
          if (style === 'pdf' && rng() < 0.5) blocks.push(hardWrap(rng, item, 90));
          else blocks.push([item]);
        }
      } else if (r < 0.3) para(`${paragraph(rng, 2)} ${runOn(rng, between(rng, 300, 600))}.`);
      else if (r < 0.33) para(`${sentence(rng)} See https://example.org/${'x'.repeat(between(rng, 1500, 2500))} for details.`);
      else para(paragraph(rng, between(rng, 1, 9)));
    }
  }
  if (options.longParagraphSentences) para(paragraph(rng, options.longParagraphSentences));
  if (withFront || rng() < 0.5) {
    para('I am copying this letter to the Department for Education. This letter will be published on the Ofsted website.');
    blocks.push(['Yours sincerely ']);
    blocks.push(['Anne Inspector ', 'Her Majesty\u2019s Inspector ']);
  }

  const lines: string[] = [];
  blocks.forEach((b, i) => {
    if (i > 0) for (let k = between(rng, 1, 3); k > 0; k--) lines.push(blank());
    lines.push(...b);
  });
  return { text: lines.join(lineEnd) + (rng() < 0.5 ? lineEnd : ''), style, lineEnd };
}

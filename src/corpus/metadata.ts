import { normalizeText } from '../text/normalize.js';
import { ORDINAL_SUFFIX, ordinalNumber } from '../text/ordinals.js';
import { isoDate, MONTH_PATTERN } from './dates.js';
import type { LetterMetadata } from './letter.js';

const VISIT_NUMBER = new RegExp(`\\bthe (\\d+${ORDINAL_SUFFIX}|[a-z]+) monitoring visit\\b`, 'i');
const DATE_LINE = new RegExp(`^\\s*(\\d{1,2})${ORDINAL_SUFFIX}? ${MONTH_PATTERN},? (\\d{4})\\s*$`, 'm');
// A place-name word: capitalised, but not an opening word, a council type or a job-title word,
// so "The County Council" is no name and "Director of Children's Services Kent County Council"
// (an address block run into one line) gives "Kent County Council".
const NOT_PLACE =
  "The|This|That|These|Our|Your|Its|Their|A|An|In|At|Dear|Local|County|City|Borough|District|Metropolitan|Director|Executive|Children's|Children|Families|Education|Social|Care|Services?";
const PLACE_WORD = `(?!(?:${NOT_PLACE})\\b)[A-Z][\\w'-]*`;
const AUTHORITY = new RegExp(
  `\\b((?:London|Royal) Borough of [A-Z][\\w'-]*(?: (?:and|upon) [A-Z][\\w'-]*)*|(?:${PLACE_WORD} )+(?:County|City|Metropolitan Borough|Borough|District) Council|(?:${PLACE_WORD} )+Council|City of [A-Z][\\w'-]*(?: [A-Z][\\w'-]*)*)\\b`,
);

/** Metadata read from the letter's own words; a field the text does not state is null. */
export function extractMetadata(raw: string): LetterMetadata {
  const flat = normalizeText(raw);
  return {
    title: extractTitle(raw),
    date: extractDate(raw),
    authority: AUTHORITY.exec(flat)?.[1]?.trim() ?? null,
    recipient: extractRecipient(raw, flat),
    visitDates: extractVisitDates(flat),
    visitNumber: extractVisitNumber(flat),
    inspectors: extractInspectors(flat),
  };
}

function extractTitle(raw: string): string | null {
  const m = /^[#\s]*((?:Monitoring|Focused) visit (?:to|of) .+?)\s*$/im.exec(raw);
  return m?.[1] ? normalizeText(m[1]) : null;
}

function extractDate(raw: string): string | null {
  const head = raw.slice(0, 1500);
  const m = DATE_LINE.exec(head);
  return m ? isoDate(m[1] as string, m[2] as string, m[3] as string) : null;
}

function extractVisitDates(flat: string): { start: string; end: string } | null {
  const range = new RegExp(`visit to .{0,120}? on (\\d{1,2})(?: ${MONTH_PATTERN})?(?: (\\d{4}))? (?:and|to|-) (\\d{1,2}) ${MONTH_PATTERN} (\\d{4})`).exec(flat);
  if (range) {
    const [, d1, m1, y1, d2, m2, y2] = range as unknown as string[];
    const end = isoDate(d2 as string, m2 as string, y2 as string);
    const start = isoDate(d1 as string, m1 ?? (m2 as string), y1 ?? (y2 as string));
    return start && end ? { start, end } : null;
  }
  const single = new RegExp(`visit to .{0,120}? on (\\d{1,2}) ${MONTH_PATTERN} (\\d{4})`).exec(flat);
  if (single) {
    const day = isoDate(single[1] as string, single[2] as string, single[3] as string);
    return day ? { start: day, end: day } : null;
  }
  return null;
}

function extractVisitNumber(flat: string): number | null {
  const m = VISIT_NUMBER.exec(flat);
  return m?.[1] ? ordinalNumber(m[1]) : null;
}

function extractInspectors(flat: string): string[] | null {
  const m = /\bThe (?:lead )?inspectors? (?:was|were) (.+?)(?:,? Her Majesty's Inspectors?|,? HMI|\.)/.exec(flat);
  if (!m?.[1]) return null;
  const names = m[1]
    .split(/,\s*|\s+and\s+/)
    .map((s) => s.trim())
    .filter((s) => /^[A-Z][\w'-]+(?: [A-Z][\w'-]+)+$/.test(s));
  return names.length ? names : null;
}

/** The addressee's full name: the words before the salutation's surname in the address block. */
function extractRecipient(raw: string, flat: string): string | null {
  const dear = /\bDear (?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Professor|Sir|Dame|Councillor)\.? )*([A-Z][\w'-]+)/.exec(flat);
  if (!dear?.[1]) return null;
  const surname = dear[1];
  const before = normalizeText(raw.slice(0, raw.search(/\bDear\b/)));
  const m = new RegExp(`((?:[A-Z][\\w'-]+ ){1,3}${surname})\\b`).exec(before);
  if (!m?.[1]) return null;
  // Drop a date or street words that a PDF layout might have run into the name.
  const name = m[1].replace(/^.*\b\d{4}\s+/, '');
  return name.trim();
}

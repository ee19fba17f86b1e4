import { MONTH_ALTERNATION } from '../text/months.js';
import { normalizeText } from '../text/normalize.js';

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand';
const QUALIFIER = '(?:just over|just under|more than|less than|fewer than|at least|at most|over|under|above|below|nearly|almost|around|about|approximately|up to)';
const MONTHS = MONTH_ALTERNATION;

/** Figures with their qualifier ("over 40%", "just over 14", "three"), lower-cased, as written. */
export function figures(text: string): string[] {
  const t = flat(text);
  const re = new RegExp(`(?:\\b${QUALIFIER} )?(?:\\b\\d[\\d,]*(?:\\.\\d+)?(?: ?%| per ?cent)?|\\b(?:${NUMBER_WORDS})\\b)`, 'gi');
  return [...t.matchAll(re)].map((m) => m[0].toLowerCase()).filter((f) => !isPartOfDate(t, f));
}

/** Dates and years: "16 and 17 October 2019", "September 2017", "2018". */
export function dates(text: string): string[] {
  const t = flat(text);
  const re = new RegExp(`\\b(?:\\d{1,2} (?:(?:and|to|-) \\d{1,2} )?)?(?:${MONTHS})(?: \\d{4})?\\b|\\b(?:19|20)\\d{2}\\b`, 'g');
  return [...t.matchAll(re)].map((m) => m[0]);
}

/** Capitalised multi-word names not at the start of the claim ("Louise Hocking"). */
export function names(text: string): string[] {
  const t = flat(text);
  const out: string[] = [];
  for (const m of t.matchAll(/(?<![.!?:]\s|^)\b([A-Z][a-z'-]+(?: (?:Mc|Mac)?[A-Z][a-z'-]+)+)\b/g)) {
    const name = m[1] as string;
    if (!new RegExp(`^(?:${MONTHS})\\b`).test(name)) out.push(name);
  }
  return out;
}

const NEGATION = /\b(?:not|no|never|none|nor|cannot|without|neither|n't)\b|n't\b/i;

export function negated(text: string): boolean {
  return NEGATION.test(flat(text));
}

/** Does the quote state this figure, with the same qualifier when the claim has one? */
export function quoteHasFigure(quote: string, figure: string): boolean {
  const q = flat(quote).toLowerCase();
  const canonical = (s: string) =>
    s
      .replace(/ ?per ?cent/, '%')
      .replace(/ %/, '%')
      .replace(/,/g, '');
  const f = canonical(figure);
  const bare = f.replace(new RegExp(`^${QUALIFIER} `, 'i'), '');
  const qn = canonical(q);
  if (!new RegExp(`(?<![\\d.])${escapeRegExp(bare)}(?![\\d])`, 'i').test(qn)) return false;
  // A qualifier in the claim ("over 40%") must be in the quote too; the quote may qualify where the claim does not.
  return bare === f || qn.includes(f);
}

export function quoteHas(quote: string, phrase: string): boolean {
  return flat(quote).toLowerCase().includes(flat(phrase).toLowerCase());
}

/** Years and day numbers belong to dates(), which checks them as dates. */
function isPartOfDate(text: string, figure: string): boolean {
  if (/^(?:19|20)\d\d$/.test(figure)) return true;
  return new RegExp(`\\b${escapeRegExp(figure)} (?:(?:and|to|-) \\d{1,2} )?(?:${MONTHS})\\b|\\b${escapeRegExp(figure)} (?:and|to|-) \\d{1,2} (?:${MONTHS})\\b`, 'i').test(text);
}

function flat(text: string): string {
  return normalizeText(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

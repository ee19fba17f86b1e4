import { longDate } from '../corpus/dates.js';
import type { LetterInfo } from '../corpus/letter.js';
import { ordinalWord } from '../text/ordinals.js';

/** "18 December 2019"; a date that is not YYYY-MM-DD as it is. */
export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  return longDate(iso) ?? iso;
}

export function ordinal(n: number): string {
  return ordinalWord(n);
}

/**
 * "the letter of 18 December 2019 about Croydon (seventh monitoring visit)", "the inspection
 * report of 8 August 2014 about Barnsley": from whatever metadata the letter has, so an answer
 * drawn from several authorities says which each quote is from.
 */
export function letterLabel(letter: LetterInfo): string {
  const date = formatDate(letter.date);
  const noun = letter.kind === 'inspection' ? 'inspection report' : letter.kind === 'focused visit' ? 'focused visit letter' : 'letter';
  const about = letter.place ? ` about ${letter.place}` : '';
  const base = date ? `the ${noun} of ${date}${about}` : `the ${noun} "${letter.title ?? letter.id}"`;
  return letter.visitNumber ? `${base} (${ordinal(letter.visitNumber)} monitoring visit)` : base;
}

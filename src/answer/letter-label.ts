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

/** "the letter of 18 December 2019 (seventh monitoring visit)", from whatever metadata the letter has. */
export function letterLabel(letter: LetterInfo): string {
  const date = formatDate(letter.date);
  const base = date ? `the letter of ${date}` : `the letter "${letter.title ?? letter.id}"`;
  return letter.visitNumber ? `${base} (${ordinal(letter.visitNumber)} monitoring visit)` : base;
}

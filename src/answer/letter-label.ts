import type { Letter } from '../corpus/letter.js';

const ORDINAL_WORDS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const [y, m, d] = iso.split('-').map(Number);
  return y && m && d ? `${d} ${MONTHS[m - 1]} ${y}` : iso;
}

export function ordinal(n: number): string {
  return ORDINAL_WORDS[n] ?? `${n}th`;
}

/** "the letter of 18 December 2019 (seventh monitoring visit)", from whatever metadata the letter has. */
export function letterLabel(letter: Letter): string {
  const date = formatDate(letter.date);
  const base = date ? `the letter of ${date}` : `the letter "${letter.title ?? letter.id}"`;
  return letter.visitNumber ? `${base} (${ordinal(letter.visitNumber)} monitoring visit)` : base;
}

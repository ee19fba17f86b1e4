/** Ordinal words as letters number their visits: ORDINAL_WORDS[n - 1] is n's ("seventh" for 7). */
export const ORDINAL_WORDS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
] as const;

/** The suffix of a numeric ordinal ("1st", "2nd", "3rd", "7th"), to put inside a regular expression. */
export const ORDINAL_SUFFIX = '(?:st|nd|rd|th)';

const DIGIT_ORDINAL = new RegExp(`^(\\d+)${ORDINAL_SUFFIX}$`);

/** 7 for "seventh" or "7th" (any case); null for anything else. */
export function ordinalNumber(word: string): number | null {
  const w = word.toLowerCase();
  const digits = DIGIT_ORDINAL.exec(w);
  if (digits) return Number(digits[1]);
  const i = (ORDINAL_WORDS as readonly string[]).indexOf(w);
  return i < 0 ? null : i + 1;
}

/** "seventh" for 7; past the words, the number with its suffix ("16th", "21st", "22nd"). */
export function ordinalWord(n: number): string {
  const word = ORDINAL_WORDS[n - 1];
  if (word) return word;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

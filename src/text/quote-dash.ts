/**
 * Curly and prime quotes to straight ones, en and em dashes and the minus sign to a hyphen: the
 * styles a letter, a PDF extraction or a model's quote may use for the same character. Text is
 * compared in this plain form (normalizeText, and verify's offset-keeping normaliser), one
 * character for one, so offsets survive.
 */
export const QUOTE_DASH: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2033': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
};

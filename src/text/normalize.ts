import { BULLET_CLASS } from './bullets.js';
import { QUOTE_DASH } from './quote-dash.js';

/**
 * Text normalisation shared by the embedder, the sparse index and the answerer.
 * Only ever applied to copies: offsets always index the raw letter text.
 */

const CHAR_MAP: Record<string, string> = {
  ...QUOTE_DASH,
  '\u00a0': ' ',
  '\uf0b7': '\u2022',
};
const LIST_OR_HEADING_MARK = new RegExp(`^\\s*(?:${BULLET_CLASS}|#{1,6})\\s+`, 'gmu');
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range starts at U+0000
const NON_ASCII = /[^\x00-\x7f]/;
const CHAR_RE = new RegExp(`[${Object.keys(CHAR_MAP).join('')}]`, 'g');

/** Curly quotes, dashes, ligatures (NFKC), PDF hyphenation across lines, runs of whitespace. */
export function normalizeText(text: string): string {
  // NFKC leaves ASCII alone, and most letter text is ASCII: skip the costly call then.
  return (NON_ASCII.test(text) ? text.normalize('NFKC') : text)
    .replace(CHAR_RE, (c) => CHAR_MAP[c] ?? c)
    .replace(/(\p{L})-[ \t]*\r?\n[ \t]*(\p{Ll})/gu, '$1-$2')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Display form of a raw span: PDF hard breaks and bullet glyphs cleaned, for answer prose only. */
export function cleanForDisplay(raw: string): string {
  return normalizeText(raw.replace(LIST_OR_HEADING_MARK, ''));
}

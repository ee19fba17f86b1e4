import { BULLET_CHARS, BULLET_CLASS, NUMBER_MARKER } from './bullets.js';

export interface Span {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'no', 'vs', 'etc', 'e.g', 'i.e', 'cf', 'approx', 'prof', 'cllr']);
// Line ends are \n, \r\n or a lone \r; a CRLF is one line end, never a blank line.
const BLANK_LINE = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)/;
const BULLET_LINE = new RegExp(`^[ \\t]*(?:${BULLET_CLASS}|${NUMBER_MARKER})\\s`);
/** What may open a sentence after a full stop: a capital, a digit, an opening quote or bracket, a heading mark or a bullet. */
const SENTENCE_START = new RegExp(`[\\p{Lu}\\p{N}"'\u2018\u201c(#${BULLET_CHARS}]`, 'u');

/**
 * Sentence spans inside text[from, to): trimmed, in order, covering every non-whitespace
 * character. A bullet starting a line also starts a new sentence, so list items quote alone.
 */
export function sentenceSpans(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  let start = skipSpace(text, from, to);
  let i = start;
  while (i < to) {
    const c = text[i] as string;
    let cut = -1;
    if (c === '.' || c === '!' || c === '?') {
      let j = i + 1;
      while (j < to && /["'\u2019\u201d)\]]/.test(text[j] as string)) j++;
      if (j >= to || /\s/.test(text[j] as string)) {
        if (!(c === '.' && isAbbreviation(text, start, i)) && startsSentence(text, skipSpace(text, j, to), to)) cut = j;
      }
    } else if (c === '\n' || c === '\r') {
      const next = skipSpace(text, i, to);
      if (next < to && (isLineStartBullet(text, next) || BLANK_LINE.test(text.slice(i, next)))) cut = i;
    }
    if (cut >= 0) {
      pushTrimmed(spans, text, start, cut);
      start = skipSpace(text, cut, to);
      i = start;
      continue;
    }
    i++;
  }
  if (start < to) pushTrimmed(spans, text, start, to);
  return spans;
}

function pushTrimmed(spans: Span[], text: string, start: number, end: number): void {
  let e = end;
  while (e > start && /\s/.test(text[e - 1] as string)) e--;
  if (e > start) spans.push({ start, end: e });
}

function skipSpace(text: string, i: number, to: number): number {
  while (i < to && /\s/.test(text[i] as string)) i++;
  return i;
}

function isLineStartBullet(text: string, i: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', i - 1), text.lastIndexOf('\r', i - 1)) + 1;
  return BULLET_LINE.test(`${text.slice(lineStart, Math.min(text.length, i + 4))} `);
}

function isAbbreviation(text: string, start: number, dot: number): boolean {
  const before = /([A-Za-z.]+)$/.exec(text.slice(Math.max(start, dot - 8), dot));
  const word = before?.[1]?.toLowerCase();
  if (!word) return false;
  return ABBREVIATIONS.has(word) || /^[a-z]$/.test(word);
}

function startsSentence(text: string, i: number, to: number): boolean {
  if (i >= to) return true;
  return SENTENCE_START.test(text[i] as string);
}

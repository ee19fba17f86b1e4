import { QUOTE_DASH } from '../text/quote-dash.js';

export interface NormalizedText {
  text: string;
  /** map[i] is the raw index of normalized character i. */
  map: number[];
}

/**
 * Whitespace runs become one space and quote/dash styles are unified, remembering where each
 * character came from so a match in the normalized text maps back to exact raw offsets.
 */
export function normalizeWithMap(raw: string): NormalizedText {
  let text = '';
  const map: number[] = [];
  let pendingSpace = -1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (/\s/.test(c)) {
      if (pendingSpace < 0) pendingSpace = i;
      continue;
    }
    if (pendingSpace >= 0 && text.length > 0) {
      text += ' ';
      map.push(pendingSpace);
    }
    pendingSpace = -1;
    text += QUOTE_DASH[c] ?? c;
    map.push(i);
  }
  return { text, map };
}

/** Raw [start, end) spans of every occurrence of `needle` (normalized the same way) in `haystack`. */
export function findNormalized(haystack: NormalizedText, needle: string): { start: number; end: number }[] {
  const n = normalizeWithMap(needle).text;
  if (!n) return [];
  const spans: { start: number; end: number }[] = [];
  for (let at = haystack.text.indexOf(n); at >= 0; at = haystack.text.indexOf(n, at + 1)) {
    spans.push({ start: haystack.map[at] as number, end: (haystack.map[at + n.length - 1] as number) + 1 });
  }
  return spans;
}

import type { TextLine } from './pdf-types.js';

/** How many lines at the top and at the bottom of a page may be running header or footer. */
const EDGE_LINES = 3;
const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$|^[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]$/i;

/**
 * Drops running headers and footers (a line at the top or bottom of at least half the pages,
 * two at least, compared with digits masked so "Page 2 of 5" matches "Page 3 of 5") and bare
 * page numbers at the top or bottom of a page. Lines in the body are never touched.
 */
export function removePageFurniture(pages: TextLine[][]): TextLine[][] {
  const edgeKeys = pages.map((lines) => new Set(edges(lines).map(key)));
  const pagesWith = new Map<string, number>();
  for (const keys of edgeKeys) for (const k of keys) pagesWith.set(k, (pagesWith.get(k) ?? 0) + 1);
  const needed = Math.max(2, Math.ceil(pages.length / 2));
  const repeated = (line: TextLine) => (pagesWith.get(key(line)) ?? 0) >= needed;

  return pages.map((lines) => {
    const furniture = new Set(edges(lines).filter((l) => repeated(l) || PAGE_NUMBER.test(l.text)));
    return lines.filter((l) => !furniture.has(l));
  });
}

function edges(lines: TextLine[]): TextLine[] {
  if (lines.length <= EDGE_LINES * 2) return lines;
  return [...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)];
}

function key(line: TextLine): string {
  return line.text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ');
}

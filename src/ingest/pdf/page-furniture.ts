import type { PdfPage, TextLine } from './pdf-types.js';

/** Lines this close to the top or bottom edge (share of the page height) sit in the margin. */
const MARGIN_BAND = 0.08;
/** On a full page, this many lines at the top and at the bottom may also be header or footer. */
const EDGE_LINES = 3;
const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$|^[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]$/i;

/**
 * Drops running headers and footers and bare page numbers. A candidate is a line in the top or
 * bottom margin band, or one of the first or last lines of a full page; it goes if it is a page
 * number, or if it recurs (digits masked, so "Page 2 of 5" matches "Page 3 of 5") as a
 * candidate on at least half the pages, two at least. Other lines are never touched.
 */
export function removePageFurniture(pages: { page: PdfPage; lines: TextLine[] }[]): TextLine[][] {
  const candidates = pages.map(({ page, lines }) => edgeLines(page, lines));
  const pagesWith = new Map<string, number>();
  for (const lines of candidates) for (const k of new Set(lines.map(key))) pagesWith.set(k, (pagesWith.get(k) ?? 0) + 1);
  const needed = Math.max(2, Math.ceil(pages.length / 2));

  return pages.map(({ lines }, i) => {
    const furniture = new Set((candidates[i] ?? []).filter((l) => PAGE_NUMBER.test(l.text) || (pagesWith.get(key(l)) ?? 0) >= needed));
    return lines.filter((l) => !furniture.has(l));
  });
}

function edgeLines(page: PdfPage, lines: TextLine[]): TextLine[] {
  const band = MARGIN_BAND * (page.top - page.bottom);
  const inBand = lines.filter((l) => l.y > page.top - band || l.y < page.bottom + band);
  if (lines.length <= EDGE_LINES * 2) return inBand;
  return [...new Set([...inBand, ...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)])];
}

function key(line: TextLine): string {
  return line.text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ');
}

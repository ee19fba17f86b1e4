/** @import { LetterSummary } from '../../../src/server/letter-shapes.js' */

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * @param {unknown} iso
 * @returns {Date | null}
 */
function parseIsoDate(iso) {
  if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * "18 December 2019" (or "18 Dec 2019"); "undated" for anything that is not an ISO date.
 * @param {string | null | undefined} iso
 * @param {'long' | 'short'} [style]
 */
export function formatDate(iso, style = 'long') {
  const date = parseIsoDate(iso);
  if (!date) return 'undated';
  return (style === 'short' ? shortDate : longDate).format(date);
}

/**
 * "/letters/<id>?start=&end=" for a span, "/letters/<id>#p7" for a paragraph.
 * @param {string} letterId
 * @param {{ start?: number, end?: number, paragraph?: number }} [where]
 */
export function letterUrl(letterId, where = {}) {
  const base = `/letters/${encodeURIComponent(letterId)}`;
  if (Number.isInteger(where.start) && Number.isInteger(where.end)) {
    const hash = Number.isInteger(where.paragraph) ? `#p${where.paragraph}` : '';
    return `${base}?start=${where.start}&end=${where.end}${hash}`;
  }
  if (Number.isInteger(where.paragraph)) return `${base}#p${where.paragraph}`;
  return base;
}

/**
 * "London Borough of Croydon, 18 December 2019 (visit 7)" from a citation or hit and the letters list.
 * @param {string} letterId
 * @param {string | null | undefined} letterDate
 * @param {number | null | undefined} visitNumber
 * @param {LetterSummary | undefined} letter
 */
export function letterLabel(letterId, letterDate, visitNumber, letter) {
  const who = letter?.authority || letter?.title || letterId;
  const visit = Number.isInteger(visitNumber) ? ` (visit ${visitNumber})` : '';
  return `${who}, ${formatDate(letterDate ?? letter?.date ?? null)}${visit}`;
}

/**
 * PDF text breaks lines mid-sentence; for reading, runs of whitespace become one space.
 * @param {unknown} text
 */
export function collapseWhitespace(text) {
  return String(text).replace(/\s+/g, ' ').trim();
}

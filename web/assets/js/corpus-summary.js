/** @import { LetterSummary } from '../../../src/server/letter-shapes.js' */

/**
 * The name a letter is grouped and searched under: its place ("Croydon"), else its council's name.
 * @param {LetterSummary} letter
 */
export const authorityName = (letter) => letter.place || letter.authority || '';

/**
 * "127 documents about 102 authorities, 2014–2026": what the corpus holds, in words, claiming
 * nothing the letters do not say (documents that name no authority are counted as such).
 * @param {LetterSummary[]} letters
 */
export function corpusSummary(letters) {
  if (!letters.length) return 'There are no letters in the corpus yet.';
  const documents = `${letters.length} document${letters.length === 1 ? '' : 's'}`;
  const named = letters.filter((l) => authorityName(l));
  // Counted by place, as the letters page groups them: one council is named several ways across its documents.
  const authorities = [...new Set(named.map(authorityName))];
  const unnamed = letters.length - named.length;
  let about = '';
  if (authorities.length === 1 && unnamed === 0) about = ` about ${named[0]?.authority || authorities[0]}`;
  else if (authorities.length) about = ` about ${authorities.length} ${authorities.length === 1 ? 'authority' : 'authorities'}`;
  const none = unnamed ? ` (${unnamed} naming no authority)` : '';
  const years = letters
    .map((l) => l.date?.slice(0, 4))
    .filter(Boolean)
    .sort();
  const first = years[0];
  const last = years.at(-1);
  const span = first ? (first === last ? `, ${first}` : `, ${first}–${last}`) : '';
  return `${documents}${about}${none}${span}.`;
}

/** Monitoring visit, Focused visit, Inspection: a kind as a label. */
export const KIND_LABELS = /** @type {const} */ ({ 'monitoring visit': 'Monitoring visit', 'focused visit': 'Focused visit', inspection: 'Inspection' });

/**
 * @param {LetterSummary['kind']} kind
 * @returns {string | null}
 */
export const kindLabel = (kind) => (kind ? KIND_LABELS[kind] : null);

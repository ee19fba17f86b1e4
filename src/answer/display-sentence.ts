import { cleanForDisplay } from '../text/normalize.js';

/** Bracketed numbers inside a letter ("[99]") would read as our citation markers: prose drops them, the quote keeps them. */
const MARKER_LIKE = /\s*\[\s*\d{1,3}(?:\s*[,;\-\u2013]\s*\d{1,3})*\s*\]/g;

/** A quoted sentence as the answer's prose shows it: tidied, capitalised, ending in a stop. */
export function displaySentence(raw: string): string {
  const s = cleanForDisplay(raw).replace(MARKER_LIKE, '');
  const capitalised = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?:;"')]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

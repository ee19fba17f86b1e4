import { indexTerms } from '../../text/analyze.js';

/** tsvector keeps at most 256 positions per lexeme, and positions up to 16383. */
const MAX_POSITIONS = 255;
const MAX_POSITION = 16383;

/**
 * Our analysed terms (indexTerms: normalised, stemmed, lexicon concepts) as a tsvector literal,
 * one position per occurrence, so Postgres holds exactly the terms the local index holds: no
 * Postgres dictionary re-analyses them, and a term's position count is its frequency.
 */
export function termsVector(text: string): string {
  const positions = new Map<string, number[]>();
  indexTerms(text).forEach((t, i) => {
    const list = positions.get(t) ?? [];
    if (list.length < MAX_POSITIONS) list.push(Math.min(i + 1, MAX_POSITION));
    positions.set(t, list);
  });
  return [...positions].map(([t, p]) => `${quoteLexeme(t)}:${p.join(',')}`).join(' ');
}

function quoteLexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

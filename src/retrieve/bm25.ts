import { CONCEPT_PREFIX, indexTerms } from '../text/analyze.js';

/**
 * BM25+ as minisearch scores it, with our field and concept boosts: the one set of numbers the
 * local SparseIndex and the Postgres SQL (pg/sparse-sql.ts) both score with, so the two give
 * the same scores.
 */
export const BM25 = {
  /** Term-frequency saturation (k1). */
  k1: 1.2,
  /** Length normalisation (b). */
  b: 0.7,
  /** The BM25+ lower bound a matching term always adds (δ). */
  delta: 0.5,
  /** A match in the paragraph's text counts fully; in its section heading, half. */
  fieldBoost: { text: 1, section: 0.5 },
  /** Concepts stand for several words; counting them fully would double-count a match. */
  conceptBoost: 0.6,
} as const;

/** A query term's weight: a lexicon concept's is BM25.conceptBoost, a word's 1. */
export function termBoost(term: string): number {
  return term.startsWith(CONCEPT_PREFIX) ? BM25.conceptBoost : 1;
}

/**
 * A query's terms as both sparse indexes score them: its own index terms, then the stand-ins of
 * `expansion` (term → boost) that it does not already have, once each.
 */
export function sparseQueryTerms(query: string, expansion?: ReadonlyMap<string, number>): string[] {
  const own = indexTerms(query);
  if (!expansion?.size) return own;
  const have = new Set(own);
  return [...own, ...[...expansion.keys()].filter((t) => !have.has(t))];
}

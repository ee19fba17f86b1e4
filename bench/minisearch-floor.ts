import MiniSearch from 'minisearch';
import { CONCEPT_PREFIX, indexTerms } from '../src/text/analyze.js';

/** The sparse index as it was before SparseIndex (minisearch, same analysis and options), for comparison. */
export function minisearchIndex(passages: { text: string; section: string | null }[]) {
  const t = performance.now();
  const ms = new MiniSearch<{ id: number; text: string; section: string }>({
    fields: ['text', 'section'],
    tokenize: (text) => indexTerms(text),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => indexTerms(text), processTerm: (term) => term },
  });
  ms.addAll(passages.map((p, id) => ({ id, text: p.text, section: p.section ?? '' })));
  return {
    buildMs: performance.now() - t,
    query: (q: string, limit: number) => ms.search(q, { boost: { text: 1, section: 0.5 }, boostTerm: (term) => (term.startsWith(CONCEPT_PREFIX) ? 0.6 : 1) }).slice(0, limit),
  };
}

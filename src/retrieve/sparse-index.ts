import MiniSearch from 'minisearch';
import { CONCEPT_PREFIX, indexTerms } from '../text/analyze.js';

interface SparseDoc {
  id: number;
  text: string;
  section: string;
}

/** BM25 over chunks (minisearch), with our own analysis: the same terms and lexicon as the embedder. */
export class SparseIndex {
  private readonly search: MiniSearch<SparseDoc>;

  constructor(passages: { text: string; section: string | null }[]) {
    this.search = new MiniSearch<SparseDoc>({
      fields: ['text', 'section'],
      tokenize: (text) => indexTerms(text),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => indexTerms(text), processTerm: (term) => term },
    });
    this.search.addAll(passages.map((p, id) => ({ id, text: p.text, section: p.section ?? '' })));
  }

  /** Chunk positions with raw BM25 scores, best first. */
  query(query: string, limit: number, accept?: (i: number) => boolean): { index: number; score: number }[] {
    const results = this.search.search(query, {
      boost: { text: 1, section: 0.5 },
      // Concepts stand for several words; counting them fully would double-count a match.
      boostTerm: (term) => (term.startsWith(CONCEPT_PREFIX) ? 0.6 : 1),
      ...(accept ? { filter: (r) => accept(r.id as number) } : {}),
    });
    return results.slice(0, limit).map((r) => ({ index: r.id as number, score: r.score }));
  }
}

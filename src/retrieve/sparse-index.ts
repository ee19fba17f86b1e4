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

  /** Passages come already analysed (indexTerms), so the Retriever analyses each chunk once. */
  constructor(passages: { terms: readonly string[]; section: string | null }[]) {
    const sectionTerms = new Map<string, string[]>();
    this.search = new MiniSearch<SparseDoc>({
      fields: ['text', 'section'],
      // Terms never contain spaces, so the text field carries them space-joined; sections repeat, so analyse each once.
      tokenize: (text, field) => {
        if (field === 'text') return text.split(' ');
        let terms = sectionTerms.get(text);
        if (!terms) sectionTerms.set(text, (terms = indexTerms(text)));
        return terms;
      },
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => indexTerms(text), processTerm: (term) => term },
    });
    this.search.addAll(passages.map((p, id) => ({ id, text: p.terms.join(' '), section: p.section ?? '' })));
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

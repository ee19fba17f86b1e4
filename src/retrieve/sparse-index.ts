import { TopK } from '../base/top-k.js';
import { indexTerms } from '../text/analyze.js';
import { BM25, sparseQueryTerms, termBoost } from './bm25.js';
import { FieldPostings } from './postings.js';

const { k1: K, b: B, delta: D } = BM25;
/** By field: text, section. */
const FIELD_BOOST = [BM25.fieldBoost.text, BM25.fieldBoost.section];

export interface TermSet {
  has(term: string): boolean;
}

/**
 * BM25 over chunks with our own analysis (the same terms and lexicon as the embedder), in two
 * fields: the paragraph's text and its section heading. It scores exactly as minisearch did with
 * the same options (BM25+, OR of the query's terms, times the number of distinct terms matched)
 * but keeps postings in typed arrays and scores into flat buffers: a query costs a few
 * nanoseconds per posting it touches instead of a Map entry and an object per match, and building
 * costs two passes over the terms (see docs/performance.md).
 */
export class SparseIndex {
  private readonly termIds = new Map<string, number>();
  /** Each passage's text terms as ids, repeats included. */
  private readonly docTerms: Int32Array[];
  private readonly fields: FieldPostings[];
  private readonly n: number;
  // Scratch buffers reused by every query (a query runs synchronously, so they are never shared).
  private readonly total: Float64Array;
  private readonly termScore: Float64Array;
  private readonly matched: Int32Array;
  private readonly inTerm: Int32Array;
  private readonly touched: Int32Array;
  private readonly termDocs: Int32Array;

  /** Passages come already analysed (indexTerms), so the Retriever analyses each chunk once. */
  constructor(passages: { terms: readonly string[]; section: string | null }[]) {
    this.n = passages.length;
    const sectionIds = new Map<string, Int32Array>();
    this.docTerms = passages.map((p) => this.idsOf(p.terms));
    const text = this.docTerms;
    const section = passages.map((p) => {
      const s = p.section ?? '';
      let ids = sectionIds.get(s);
      if (!ids) {
        ids = this.idsOf(indexTerms(s));
        sectionIds.set(s, ids);
      }
      return ids;
    });
    this.fields = [new FieldPostings(text, this.termIds.size), new FieldPostings(section, this.termIds.size)];
    this.total = new Float64Array(this.n);
    this.termScore = new Float64Array(this.n);
    this.matched = new Int32Array(this.n);
    this.inTerm = new Int32Array(this.n).fill(-1);
    this.touched = new Int32Array(this.n);
    this.termDocs = new Int32Array(this.n);
  }

  private idsOf(terms: readonly string[]): Int32Array {
    const ids = new Int32Array(terms.length);
    terms.forEach((t, i) => {
      let id = this.termIds.get(t);
      if (id === undefined) {
        id = this.termIds.size;
        this.termIds.set(t, id);
      }
      ids[i] = id;
    });
    return ids;
  }

  /** Whether passage i's text (not its section) has a term: a few bytes per term instead of a Set per passage. */
  termsOf(i: number): TermSet {
    const ids = this.docTerms[i];
    return { has: (term) => ids?.includes(this.termIds.get(term) ?? -1) ?? false };
  }

  /**
   * For each term, how many of the accepted passages' texts contain it, in the order the terms
   * first occur (passage by passage): the same as TermStats.fromTerms over those passages.
   */
  documentFrequencies(accept?: (i: number) => boolean): Map<string, number> {
    const names = [...this.termIds.keys()];
    const df = new Int32Array(names.length);
    const seenIn = new Int32Array(names.length).fill(-1);
    const order: number[] = [];
    this.docTerms.forEach((ids, d) => {
      if (accept && !accept(d)) return;
      for (const t of ids) {
        if (seenIn[t] === d) continue;
        seenIn[t] = d;
        if (df[t] === 0) order.push(t);
        df[t] = (df[t] as number) + 1;
      }
    });
    return new Map(order.map((t) => [names[t] as string, df[t] as number]));
  }

  /**
   * Chunk positions with BM25 scores, best first; equal scores in the order minisearch met them.
   * `expansion` adds stand-in terms for the query's words, each scored at its own boost.
   */
  query(query: string, limit: number, accept?: (i: number) => boolean, expansion?: ReadonlyMap<string, number>): { index: number; score: number }[] {
    const { total, termScore, matched, inTerm, touched, termDocs } = this;
    let touchedCount = 0;
    const queryTerms = sparseQueryTerms(query, expansion);
    // Each occurrence of a query term scores again (as in minisearch); each distinct term counts once in `matched`.
    queryTerms.forEach((term, j) => {
      const id = this.termIds.get(term);
      if (id === undefined) return;
      const boost = expansion?.get(term) ?? termBoost(term);
      let termCount = 0;
      this.fields.forEach((f, field) => {
        const from = f.offsets[id] as number;
        const df = (f.offsets[id + 1] as number) - from;
        const idf = Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
        const weight = boost * (FIELD_BOOST[field] as number);
        for (let p = from; p < from + df; p++) {
          const d = f.docs[p] as number;
          const tf = f.tfs[p] as number;
          const s = weight * (idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * (f.lengths[d] as number)) / f.avgLength))));
          if (inTerm[d] === j) termScore[d] = (termScore[d] as number) + s;
          else {
            inTerm[d] = j;
            termScore[d] = s;
            termDocs[termCount++] = d;
          }
        }
      });
      const firstOccurrence = queryTerms.indexOf(term) === j;
      for (let k = 0; k < termCount; k++) {
        const d = termDocs[k] as number;
        if (matched[d] === 0) {
          touched[touchedCount++] = d;
          total[d] = termScore[d] as number;
        } else total[d] = (total[d] as number) + (termScore[d] as number);
        if (firstOccurrence || matched[d] === 0) matched[d] = (matched[d] as number) + 1;
      }
    });
    const top = new TopK(limit);
    for (let k = 0; k < touchedCount; k++) {
      const d = touched[k] as number;
      if (!accept || accept(d)) top.offer(d, (total[d] as number) * (matched[d] as number));
      total[d] = 0;
      matched[d] = 0;
      inTerm[d] = -1;
    }
    return top.best();
  }
}

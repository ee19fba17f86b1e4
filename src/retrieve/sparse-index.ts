import { TopK } from '../base/top-k.js';
import type { FieldPostings } from '../store/field-postings.js';
import { SparsePostings } from '../store/sparse-postings.js';
import { BM25, sparseQueryTerms, termBoost } from './bm25.js';

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
  private readonly termIds: Map<string, number>;
  private readonly postings: SparsePostings;
  private readonly fields: FieldPostings[];
  /** Per field, each passage's BM25 length term K·(1 − b + b·length / average), computed once instead of per posting (the same expression, so the same bits). */
  private readonly lengthNorms: Float64Array[];
  private readonly n: number;
  // Scratch buffers reused by every query (a query runs synchronously, so they are never shared).
  private readonly total: Float64Array;
  private readonly termScore: Float64Array;
  private readonly matched: Int32Array;
  private readonly inTerm: Int32Array;
  private readonly touched: Int32Array;
  private readonly termDocs: Int32Array;

  /** Over a build's persisted postings, or passages already analysed (indexTerms), so the Retriever analyses each chunk once. */
  constructor(source: SparsePostings | { terms: readonly string[]; section: string | null }[]) {
    this.postings = source instanceof SparsePostings ? source : SparsePostings.build(source);
    this.n = this.postings.count;
    this.termIds = this.postings.termIds();
    this.fields = [this.postings.text, this.postings.section];
    this.lengthNorms = this.fields.map((f) => Float64Array.from(f.lengths, (length) => K * (1 - B + (B * length) / f.avgLength)));
    this.total = new Float64Array(this.n);
    this.termScore = new Float64Array(this.n);
    this.matched = new Int32Array(this.n);
    this.inTerm = new Int32Array(this.n).fill(-1);
    this.touched = new Int32Array(this.n);
    this.termDocs = new Int32Array(this.n);
  }

  /** Whether passage i's text (not its section) has a term: a binary search in the term's postings. */
  termsOf(i: number): TermSet {
    const text = this.postings.text;
    return {
      has: (term) => {
        const id = this.termIds.get(term);
        return id !== undefined && text.contains(id, i);
      },
    };
  }

  /**
   * For each term, how many of the accepted passages' texts contain it, ordered by the first
   * accepted passage that has it (then by term id): the terms TermStats.fromTerms would count over
   * those passages.
   */
  documentFrequencies(accept?: (i: number) => boolean): Map<string, number> {
    const mask = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) mask[i] = !accept || accept(i) ? 1 : 0;
    return this.documentFrequenciesWithin(mask)[1];
  }

  /** documentFrequencies over every passage and over those the mask marks (mask[i] = 1), in one pass over the postings. */
  documentFrequenciesWithin(mask: Uint8Array): [Map<string, number>, Map<string, number>] {
    const { terms, text } = this.postings;
    const all: { t: number; first: number; df: number }[] = [];
    const masked: { t: number; first: number; df: number }[] = [];
    for (let t = 0; t < terms.length; t++) {
      const from = text.offsets[t] as number;
      const to = text.offsets[t + 1] as number;
      if (to > from) all.push({ t, first: text.docs[from] as number, df: to - from });
      let df = 0;
      let first = -1;
      for (let p = from; p < to; p++) {
        const d = text.docs[p] as number;
        if (mask[d] !== 1) continue;
        if (df === 0) first = d;
        df++;
      }
      if (df > 0) masked.push({ t, first, df });
    }
    const toMap = (f: { t: number; first: number; df: number }[]) => {
      f.sort((a, b) => a.first - b.first || a.t - b.t);
      return new Map(f.map((x) => [terms[x.t] as string, x.df]));
    };
    return [toMap(all), toMap(masked)];
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
        const norms = this.lengthNorms[field] as Float64Array;
        const from = f.offsets[id] as number;
        const df = (f.offsets[id + 1] as number) - from;
        const idf = Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
        const weight = boost * (FIELD_BOOST[field] as number);
        for (let p = from; p < from + df; p++) {
          const d = f.docs[p] as number;
          const tf = f.tfs[p] as number;
          const s = weight * (idf * (D + (tf * (K + 1)) / (tf + (norms[d] as number))));
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

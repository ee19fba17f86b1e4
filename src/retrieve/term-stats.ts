import { indexTerms } from '../text/analyze.js';

/** Document frequencies of index terms over a set of passages: the corpus side of IDF. */
export class TermStats {
  private readonly df = new Map<string, number>();
  private n = 0;

  constructor(passages: Iterable<string> = []) {
    for (const p of passages) this.count(indexTerms(p));
  }

  /** From passages already analysed with indexTerms (saves analysing them again). */
  static fromTerms(termLists: Iterable<readonly string[]>): TermStats {
    const stats = new TermStats();
    for (const terms of termLists) stats.count(terms);
    return stats;
  }

  /** From counts already made (e.g. by the sparse index): term → passages containing it, over `documents` passages. */
  static fromDocumentFrequencies(df: ReadonlyMap<string, number>, documents: number): TermStats {
    const stats = new TermStats();
    for (const [t, n] of df) stats.df.set(t, n);
    stats.n = documents;
    return stats;
  }

  private count(terms: readonly string[]): void {
    this.n++;
    for (const t of new Set(terms)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  get documents(): number {
    return this.n;
  }

  /** Terms that share a long prefix with the given one: morphological variants the stemmer missed (vacant / vacancy). */
  variantsOf(term: string): string[] {
    if (term.length < 5 || term.startsWith('~')) return [];
    const out: string[] = [];
    for (const t of this.df.keys()) {
      let p = 0;
      while (p < t.length && p < term.length && t[p] === term[p]) p++;
      if (p >= 5 && p >= 0.8 * Math.min(t.length, term.length) && t !== term) out.push(t);
    }
    return out;
  }

  /** Every term some passage contains. */
  terms(): IterableIterator<string> {
    return this.df.keys();
  }

  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** BM25-style IDF, always positive; a term no passage contains gets the highest value. */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.documents - df + 0.5) / (df + 0.5));
  }
}

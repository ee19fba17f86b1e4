import { indexTerms } from '../text/analyze.js';

/** Document frequencies of index terms over a set of passages: the corpus side of IDF. */
export class TermStats {
  private readonly df = new Map<string, number>();
  readonly documents: number;

  constructor(passages: Iterable<string>) {
    let n = 0;
    for (const p of passages) {
      n++;
      for (const t of new Set(indexTerms(p))) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    }
    this.documents = n;
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

  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** BM25-style IDF, always positive; a term no passage contains gets the highest value. */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.documents - df + 0.5) / (df + 0.5));
  }
}

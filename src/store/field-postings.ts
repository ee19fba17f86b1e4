export interface PostingArrays {
  offsets: Int32Array;
  docs: Int32Array;
  tfs: Uint16Array;
  lengths: Int32Array;
  avgLength: number;
}

/**
 * Term → (document, term frequency) lists for one field, in compressed-row form: the postings of
 * term t are docs/tfs[offsets[t] .. offsets[t + 1]), documents ascending. Plus each document's
 * field length (distinct terms), as BM25 needs it.
 */
export class FieldPostings implements PostingArrays {
  readonly offsets: Int32Array;
  readonly docs: Int32Array;
  readonly tfs: Uint16Array;
  readonly lengths: Int32Array;
  readonly avgLength: number;

  /** Arrays already built (fromDocuments, or a persisted index). */
  constructor(a: PostingArrays) {
    this.offsets = a.offsets;
    this.docs = a.docs;
    this.tfs = a.tfs;
    this.lengths = a.lengths;
    this.avgLength = a.avgLength;
  }

  get termCount(): number {
    return this.offsets.length - 1;
  }

  /** Whether document d is in term t's postings (binary search: documents ascend). */
  contains(t: number, d: number): boolean {
    let lo = this.offsets[t] as number;
    let hi = (this.offsets[t + 1] as number) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const x = this.docs[mid] as number;
      if (x === d) return true;
      if (x < d) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** termIds[d] lists document d's term ids, repeats included (they are its term frequencies). */
  static fromDocuments(termIds: readonly Int32Array[], termCount: number): FieldPostings {
    const n = termIds.length;
    // Per-term scratch instead of a Map per document: the last document that counted the term, and its count there.
    const seenIn = new Int32Array(termCount).fill(-1);
    const count = new Int32Array(termCount);
    const offsets = new Int32Array(termCount + 1);
    const lengths = new Int32Array(n);
    // The running average, computed as minisearch computes it, so scores match it to the last bit.
    let avg = 0;
    for (let d = 0; d < n; d++) {
      let distinct = 0;
      for (const t of termIds[d] as Int32Array) {
        if (seenIn[t] !== d) {
          seenIn[t] = d;
          offsets[t + 1] = (offsets[t + 1] as number) + 1;
          distinct++;
        }
      }
      lengths[d] = distinct;
      avg = (avg * d + distinct) / (d + 1);
    }
    for (let t = 0; t < termCount; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
    const docs = new Int32Array(offsets[termCount] as number);
    const tfs = new Uint16Array(offsets[termCount] as number);
    const fill = offsets.slice(0, termCount);
    seenIn.fill(-1);
    for (let d = 0; d < n; d++) {
      const ids = termIds[d] as Int32Array;
      for (const t of ids) {
        if (seenIn[t] !== d) {
          seenIn[t] = d;
          count[t] = 0;
        }
        count[t] = (count[t] as number) + 1;
      }
      for (const t of ids) {
        if (seenIn[t] !== d) continue;
        seenIn[t] = -2 - d; // written for this document
        const p = fill[t] as number;
        docs[p] = d;
        tfs[p] = Math.min(count[t] as number, 0xffff);
        fill[t] = p + 1;
      }
    }
    return new FieldPostings({ offsets, docs, tfs, lengths, avgLength: avg });
  }
}

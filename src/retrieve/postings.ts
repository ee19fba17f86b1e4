/**
 * Term → (document, term frequency) lists for one field, in compressed-row form: the postings of
 * term t are docs/tfs[offsets[t] .. offsets[t + 1]), documents ascending. Plus each document's
 * field length (distinct terms), as BM25 needs it.
 */
export class FieldPostings {
  readonly offsets: Int32Array;
  readonly docs: Int32Array;
  readonly tfs: Uint16Array;
  readonly lengths: Int32Array;
  readonly avgLength: number;

  /** termIds[d] lists document d's term ids, repeats included (they are its term frequencies). */
  constructor(termIds: readonly Int32Array[], termCount: number) {
    const n = termIds.length;
    // Per-term scratch instead of a Map per document: the last document that counted the term, and its count there.
    const seenIn = new Int32Array(termCount).fill(-1);
    const count = new Int32Array(termCount);
    const offsets = new Int32Array(termCount + 1);
    this.lengths = new Int32Array(n);
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
      this.lengths[d] = distinct;
      avg = (avg * d + distinct) / (d + 1);
    }
    this.avgLength = avg;
    for (let t = 0; t < termCount; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
    this.offsets = offsets;
    this.docs = new Int32Array(offsets[termCount] as number);
    this.tfs = new Uint16Array(offsets[termCount] as number);
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
        this.docs[p] = d;
        this.tfs[p] = Math.min(count[t] as number, 0xffff);
        fill[t] = p + 1;
      }
    }
  }
}

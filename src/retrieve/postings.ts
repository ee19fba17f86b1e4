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
    const df = new Int32Array(termCount + 1);
    this.lengths = new Int32Array(n);
    const tf = new Map<number, number>();
    // The running average, computed as minisearch computes it, so scores match it to the last bit.
    let avg = 0;
    for (let d = 0; d < n; d++) {
      tf.clear();
      for (const t of termIds[d] as Int32Array) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const t of tf.keys()) df[t + 1] = (df[t + 1] as number) + 1;
      this.lengths[d] = tf.size;
      avg = (avg * d + tf.size) / (d + 1);
    }
    this.avgLength = avg;
    for (let t = 0; t < termCount; t++) df[t + 1] = (df[t + 1] as number) + (df[t] as number);
    this.offsets = df;
    const total = df[termCount] as number;
    this.docs = new Int32Array(total);
    this.tfs = new Uint16Array(total);
    const fill = this.offsets.slice(0, termCount);
    for (let d = 0; d < n; d++) {
      tf.clear();
      for (const t of termIds[d] as Int32Array) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, f] of tf) {
        const p = fill[t] as number;
        this.docs[p] = d;
        this.tfs[p] = Math.min(f, 0xffff);
        fill[t] = p + 1;
      }
    }
  }
}

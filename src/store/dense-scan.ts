/** Consecutive rows of a VectorMatrix, dimension-major over their own rows (one per build segment). */
export interface Block {
  start: number;
  rows: number;
  codes: Int8Array;
}

/**
 * When a sparse query (the built-in embedder's: ~50 non-zero dimensions) meets a large matrix,
 * scanning every column of every row is most of a search's cost. Its few heaviest dimensions
 * (the rarest terms, weighted by IDF) carry most of its score, so the scan goes in two stages:
 * every row scored on those dimensions only, then the rows whose partial score is among the
 * best `pool` scored exactly on the rest. The final scores are the full scan's own integers, so
 * the result differs from the full scan only if a row of the true top k falls outside the pool.
 * Measured at 10,000 letters (209k rows, 200 sampled dev-set questions): the top 10 and top 50
 * were identical to the full scan's for every question (docs/performance.md).
 */
export const TWO_STAGE = {
  /** Below this the full scan costs a few milliseconds: no need to approximate anything. */
  minRows: 50_000,
  heavyDims: 8,
  pool: 4000,
  /** A dense query (a model's embedding) has no heavy few; it gets the full scan. Share of the dimensions that are non-zero. */
  maxQueryShare: 0.25,
  buckets: 1024,
};

/**
 * Stage one and two: leaves each candidate's full score in `scores` and returns the candidates,
 * ascending (accepted rows only). `keys` and `pool` are scratch of the matrix's row count. `weights` order
 * the dimensions; `tables[a]` is dimension a's weight times each code's value (at code + 128).
 */
export function twoStageCandidates(
  blocks: readonly Block[],
  scores: Int32Array,
  keys: Float64Array,
  pool: Int32Array,
  scales: Float32Array,
  dims: readonly number[],
  weights: readonly number[],
  tables: readonly Int32Array[],
  accept?: (i: number) => boolean,
): Int32Array {
  const order = dims.map((_, a) => a).sort((x, y) => Math.abs(weights[y] as number) - Math.abs(weights[x] as number) || x - y);
  const heavy = order.slice(0, TWO_STAGE.heavyDims);
  const rest = order.slice(TWO_STAGE.heavyDims);
  const pick = <T>(of: number[], from: readonly T[]) => of.map((a) => from[a] as T);
  for (const b of blocks) accumulate(scores.subarray(b.start, b.start + b.rows), b.codes, pick(heavy, dims), pick(heavy, tables));

  // The pool: accepted rows whose partial score (times the row's scale: the ranking key) falls in
  // the top buckets of a histogram holding at least `pool` of them.
  const n = scores.length;
  let lo = Infinity;
  let hi = -Infinity;
  let accepted = 0;
  for (let i = 0; i < n; i++) {
    if (accept && !accept(i)) {
      keys[i] = Number.NaN;
      continue;
    }
    const key = (scores[i] as number) * (scales[i] as number);
    keys[i] = key;
    if (key < lo) lo = key;
    if (key > hi) hi = key;
    accepted++;
  }
  let threshold = lo;
  if (accepted > TWO_STAGE.pool && hi > lo) {
    const counts = new Int32Array(TWO_STAGE.buckets);
    const width = (hi - lo) / TWO_STAGE.buckets;
    const perBucket = TWO_STAGE.buckets / (hi - lo);
    const last = TWO_STAGE.buckets - 1;
    for (let i = 0; i < n; i++) {
      const key = keys[i] as number;
      if (Number.isNaN(key)) continue;
      const k = ((key - lo) * perBucket) | 0;
      const at = Math.min(k, last);
      counts[at] = (counts[at] as number) + 1;
    }
    let b = TWO_STAGE.buckets - 1;
    for (let seen = counts[b] as number; seen < TWO_STAGE.pool && b > 0; ) seen += counts[--b] as number;
    threshold = lo + b * width;
  }
  let m = 0;
  for (let i = 0; i < n; i++) if ((keys[i] as number) >= threshold) pool[m++] = i;
  const candidates = pool.subarray(0, m);

  // Stage two: the other dimensions, for the pool only.
  const restDims = pick(rest, dims);
  addRows(blocks, scores, candidates, restDims, pick(rest, tables));
  return candidates;
}

/**
 * scores[i] += Σ tables[a][codes[dims[a], i] + 128] for the given rows only (ascending), block by
 * block and column by column: a pool of candidates, or the rows of the letters a search is limited to.
 */
export function addRows(blocks: readonly Block[], scores: Int32Array, rows: Int32Array, dims: readonly number[], tables: readonly Int32Array[]): void {
  const m = rows.length;
  let c = 0;
  for (const b of blocks) {
    const from = c;
    while (c < m && (rows[c] as number) < b.start + b.rows) c++;
    if (c === from) continue;
    for (let a = 0; a < dims.length; a++) {
      const t = tables[a] as Int32Array;
      const col = b.codes.subarray((dims[a] as number) * b.rows, ((dims[a] as number) + 1) * b.rows);
      for (let x = from; x < c; x++) {
        const i = rows[x] as number;
        scores[i] = ((scores[i] as number) + (t[(col[i - b.start] as number) + 128] as number)) | 0;
      }
    }
  }
}

/**
 * scores[i] += Σ tables[a][codes[dims[a], i] + 128] over a block's rows (each table: a weight
 * times each code's value). Eight columns per pass over the scores, then four, then one: the score
 * array is read and written once per eight columns instead of once per column (about 2x faster
 * at 200k rows).
 */
export function accumulate(scores: Int32Array, codes: Int8Array, dims: readonly number[], tables: readonly Int32Array[]): void {
  const n = scores.length;
  const column = (a: number) => codes.subarray((dims[a] as number) * n, ((dims[a] as number) + 1) * n);
  const t = (a: number) => tables[a] as Int32Array;
  let a = 0;
  for (; a + 8 <= dims.length; a += 8) {
    const [t0, t1, t2, t3, t4, t5, t6, t7] = [t(a), t(a + 1), t(a + 2), t(a + 3), t(a + 4), t(a + 5), t(a + 6), t(a + 7)];
    const [c0, c1, c2, c3, c4, c5, c6, c7] = [column(a), column(a + 1), column(a + 2), column(a + 3), column(a + 4), column(a + 5), column(a + 6), column(a + 7)];
    for (let i = 0; i < n; i++) {
      const s =
        (t0[(c0[i] as number) + 128] as number) +
        (t1[(c1[i] as number) + 128] as number) +
        (t2[(c2[i] as number) + 128] as number) +
        (t3[(c3[i] as number) + 128] as number) +
        (t4[(c4[i] as number) + 128] as number) +
        (t5[(c5[i] as number) + 128] as number) +
        (t6[(c6[i] as number) + 128] as number) +
        (t7[(c7[i] as number) + 128] as number);
      scores[i] = ((scores[i] as number) + s) | 0;
    }
  }
  for (; a + 4 <= dims.length; a += 4) {
    const [t0, t1, t2, t3] = [t(a), t(a + 1), t(a + 2), t(a + 3)];
    const [c0, c1, c2, c3] = [column(a), column(a + 1), column(a + 2), column(a + 3)];
    for (let i = 0; i < n; i++)
      scores[i] =
        ((scores[i] as number) +
          (t0[(c0[i] as number) + 128] as number) +
          (t1[(c1[i] as number) + 128] as number) +
          (t2[(c2[i] as number) + 128] as number) +
          (t3[(c3[i] as number) + 128] as number)) |
        0;
  }
  for (; a < dims.length; a++) {
    const ta = t(a);
    const col = column(a);
    for (let i = 0; i < n; i++) scores[i] = ((scores[i] as number) + (ta[(col[i] as number) + 128] as number)) | 0;
  }
}

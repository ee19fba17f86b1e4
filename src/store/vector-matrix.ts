import { TopK } from '../base/top-k.js';

/**
 * Chunk vectors as int8 codes with one scale per vector (a quarter of float32's bytes), stored
 * dimension-major: column j holds every chunk's code j, so a query that is mostly zeros (the
 * built-in embedder's have ~50 non-zero dimensions) touches only its own columns, and even a
 * dense query (a model's embedding) streams through memory in order. Vector i is approximately
 * codes[·, i] × scales[i]; the scale is the vector's largest magnitude / 127, so every code uses
 * the full int8 range.
 */
export class VectorMatrix {
  private scores: Int32Array | null = null;

  constructor(
    readonly count: number,
    readonly dimensions: number,
    /** dimensions × count, dimension-major. */
    readonly codes: Int8Array,
    readonly scales: Float32Array,
  ) {
    if (codes.length !== count * dimensions || scales.length !== count) throw new Error('vector matrix does not match chunk count');
  }

  static empty(dimensions: number): VectorMatrix {
    return new VectorMatrix(0, dimensions, new Int8Array(0), new Float32Array(0));
  }

  /** From row-major float vectors (count × dimensions). */
  static quantize(rows: Float32Array, dimensions: number): VectorMatrix {
    const count = Math.floor(rows.length / dimensions);
    if (count * dimensions !== rows.length) throw new Error('vector matrix does not match chunk count');
    const builder = new MatrixBuilder(count, dimensions);
    for (let i = 0; i < count; i++) builder.setRow(i, rows.subarray(i * dimensions, (i + 1) * dimensions));
    return builder.finish();
  }

  /** Vector i as floats (codes × scale). */
  row(i: number): Float32Array {
    const { count: n, dimensions: d, codes } = this;
    const s = this.scales[i] as number;
    const out = new Float32Array(d);
    for (let j = 0; j < d; j++) out[j] = (codes[j * n + i] as number) * s;
    return out;
  }

  /** Every vector as row-major floats: for stores that keep floats, and for benchmarks' floors. */
  toRows(): Float32Array {
    const { count: n, dimensions: d, codes, scales } = this;
    const out = new Float32Array(n * d);
    for (let j = 0; j < d; j++) {
      const col = j * n;
      for (let i = 0; i < n; i++) out[i * d + j] = (codes[col + i] as number) * (scales[i] as number);
    }
    return out;
  }

  /**
   * Top-k by dot product with the query (cosine, as vectors are normalised), best first; equal
   * scores keep index order. `accept` filters by chunk position.
   */
  nearest(query: ArrayLike<number>, k: number, accept?: (i: number) => boolean): { index: number; score: number }[] {
    const { count: n, codes, scales } = this;
    // The query as integers too, so the scan is integer multiply-adds (measured 2–4× faster than
    // accumulating floats in V8): weights scaled to the largest range for which no sum can pass 2^31.
    const nonZero: number[] = [];
    let wmax = 0;
    for (let j = 0; j < this.dimensions; j++) {
      const w = query[j] as number;
      if (w !== 0) {
        nonZero.push(j);
        wmax = Math.max(wmax, Math.abs(w));
      }
    }
    const range = Math.min(32767, Math.floor(0x7fffffff / (127 * Math.max(1, nonZero.length))));
    const unit = wmax / range;
    this.scores ??= new Int32Array(n);
    const scores = this.scores;
    scores.fill(0);
    for (const j of nonZero) {
      const w = Math.round((query[j] as number) / unit);
      const col = codes.subarray(j * n, (j + 1) * n);
      for (let i = 0; i < n; i++) scores[i] = ((scores[i] as number) + w * (col[i] as number)) | 0;
    }
    const top = new TopK(k);
    for (let i = 0; i < n; i++) if (!accept || accept(i)) top.offer(i, (scores[i] as number) * unit * (scales[i] as number));
    return top.best();
  }
}

/** Fills a VectorMatrix row by row: from floats (quantized) or copied code for code from another matrix. */
export class MatrixBuilder {
  private readonly codes: Int8Array;
  private readonly scales: Float32Array;

  constructor(
    readonly count: number,
    readonly dimensions: number,
  ) {
    this.codes = new Int8Array(count * dimensions);
    this.scales = new Float32Array(count);
  }

  setRow(i: number, v: ArrayLike<number>): void {
    const { count: n, dimensions: d, codes } = this;
    if (v.length !== d) throw new Error(`a vector of ${v.length} dimensions in a matrix of ${d}`);
    let max = 0;
    for (let j = 0; j < d; j++) max = Math.max(max, Math.abs(v[j] as number));
    const scale = max / 127;
    this.scales[i] = scale;
    if (scale === 0) return;
    for (let j = 0; j < d; j++) codes[j * n + i] = Math.round((v[j] as number) / scale);
  }

  copyRow(i: number, from: VectorMatrix, row: number): void {
    const { count: n, dimensions: d, codes } = this;
    const m = from.count;
    for (let j = 0; j < d; j++) codes[j * n + i] = from.codes[j * m + row] as number;
    this.scales[i] = from.scales[row] as number;
  }

  finish(): VectorMatrix {
    return new VectorMatrix(this.count, this.dimensions, this.codes, this.scales);
  }
}

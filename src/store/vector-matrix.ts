import { TopK } from '../base/top-k.js';
import type { BitmapColumns } from './bitmap-columns.js';
import { accumulate, addRows, type Block, TWO_STAGE, twoStageCandidates } from './dense-scan.js';

/**
 * The codes are companded, not linear: code = round(127 · sign(x) · |x / max|^CODE_POWER), and
 * decoding takes the inverse power. Most of a vector's values are far below its largest, and
 * near-tied rows differ in those: this gives them finer steps than linear int8 at the cost of
 * coarser ones near the top. Measured at 10,000 letters (docs/performance.md): top-10 agreement
 * with float32 0.974 linear, 0.985 at this power, 0.990 with 12-bit linear codes.
 */
export const CODE_POWER = 0.7;
/** Code c (−127…127, at c + 128) as the value it stands for, in units of the row's scale (max / 127). */
const DECODED = Float64Array.from({ length: 256 }, (_, k) => Math.sign(k - 128) * 127 * (Math.abs(k - 128) / 127) ** (1 / CODE_POWER));

/** LOWER[c]: the smallest magnitude (in units of the scale) whose code is c, for c = 1…127; the code's value rounded to the nearest power-law step. */
const LOWER = Float64Array.from({ length: 128 }, (_, c) => (c === 0 ? 0 : 127 * ((c - 0.5) / 127) ** (1 / CODE_POWER)));
/** Codes are ≥ 0.126 units apart, so a 1/64-unit bucket holds at most one boundary: its lower edge's code, or the next. */
const BUCKETS_PER_UNIT = 64;
const BUCKET_CODE = Uint8Array.from({ length: 127 * BUCKETS_PER_UNIT + 1 }, (_, k) => {
  let c = 0;
  while (c < 127 && k / BUCKETS_PER_UNIT >= (LOWER[c + 1] as number)) c++;
  return c;
});

/** A value in units of the row's scale (−127…127) as its code: table lookups, no power per value (a build encodes ~60M). */
export function encodeCode(x: number): number {
  const a = Math.min(127, Math.abs(x));
  let c = BUCKET_CODE[Math.floor(a * BUCKETS_PER_UNIT)] as number;
  if (c < 127 && a >= (LOWER[c + 1] as number)) c++;
  return x < 0 ? -c : c;
}

/** The value code c stands for, in units of its row's scale. */
export function decodeCode(c: number): number {
  return DECODED[c + 128] as number;
}

/** Columns decoded per idle-time step: ~16 × 0.3 ms at 200k rows, so a request waits little behind one. */
const COLUMNS_PER_STEP = 16;

/** Which columns of a block's codes are decoded from its bitmaps so far (shared by matrices that share the block's codes). */
interface ColumnState {
  columns: BitmapColumns;
  ready: Uint8Array;
  left: number;
}

interface PendingBlock {
  block: Block;
  state: ColumnState;
}

/**
 * Chunk vectors as int8 codes with one scale per vector (a quarter of float32's bytes), stored
 * dimension-major: column j holds every chunk's code j, so a query that is mostly zeros (the
 * built-in embedder's have ~50 non-zero dimensions) touches only its own columns, and even a
 * dense query (a model's embedding) streams through memory in order. Vector i is approximately
 * decodeCode(codes[·, i]) × scales[i]; the scale is the vector's largest magnitude / 127, so
 * every row uses the full int8 range.
 */
export class VectorMatrix {
  private scores: Int32Array | null = null;
  private keys: Float64Array | null = null;
  private pool: Int32Array | null = null;
  /** Consecutive runs of rows, each dimension-major over its own rows (one per build segment). */
  private readonly blocks: readonly Block[];
  private joined: Int8Array | null = null;
  private pending: PendingBlock[] = [];
  private decoding = false;

  constructor(
    readonly count: number,
    readonly dimensions: number,
    /**
     * dimensions × count, dimension-major; or the blocks of rows, in order, each dimensions × its
     * rows, as codes or as bitmap columns (decoded a column at a time: when a query first needs
     * the column, or in idle time once the matrix has been searched).
     */
    codes: Int8Array | readonly (Int8Array | BitmapColumns)[],
    readonly scales: Float32Array,
  ) {
    let start = 0;
    this.blocks = (codes instanceof Int8Array ? [codes] : codes).map((c) => {
      const block = c instanceof Int8Array ? { start, rows: c.length / dimensions, codes: c } : { start, rows: c.rows, codes: new Int8Array(c.rows * dimensions) };
      if (!Number.isInteger(block.rows) || (!(c instanceof Int8Array) && c.dimensions !== dimensions)) throw new Error('vector matrix does not match chunk count');
      if (!(c instanceof Int8Array)) this.pending.push({ block, state: { columns: c, ready: new Uint8Array(dimensions), left: dimensions } });
      start += block.rows;
      return block;
    });
    if (start !== count || scales.length !== count) throw new Error('vector matrix does not match chunk count');
    if (codes instanceof Int8Array) this.joined = codes;
  }

  /**
   * Codes read from a build of linear codes (layout 2: value = code × scale) turned into this
   * matrix's companded codes, in place. Done once, when such a build is first read.
   */
  recodeLinear(): void {
    this.decodeAll();
    const table = Int8Array.from({ length: 256 }, (_, k) => encodeCode(k - 128));
    for (const b of this.blocks) for (let i = 0; i < b.codes.length; i++) b.codes[i] = table[(b.codes[i] as number) + 128] as number;
  }

  /** True once every block's codes are in memory (no column left to decode). */
  get decoded(): boolean {
    return this.pending.length === 0;
  }

  /** Decodes these columns of every block that still has them encoded. */
  private ensureColumns(dims: Iterable<number>): void {
    if (!this.pending.length) return;
    for (const { block, state } of this.pending) {
      for (const j of dims) {
        if (state.ready[j]) continue;
        state.columns.decodeColumn(j, block.codes.subarray(j * block.rows, (j + 1) * block.rows));
        state.ready[j] = 1;
        state.left--;
      }
    }
    // Done blocks drop their bitmaps, so the encoded bytes can be freed.
    this.pending = this.pending.filter((p) => p.state.left > 0);
  }

  /** Decodes every column still encoded now (a server before it listens: see compose/warm-up). */
  decodeAll(): void {
    if (!this.pending.length) return;
    const all = Array.from({ length: this.dimensions }, (_, j) => j);
    this.ensureColumns(all);
  }

  /**
   * A few columns per turn of the event loop until all are decoded; never keeps the process
   * alive. Not at load (an index build or a CLI run does not need every column): a server starts
   * it when it makes the snapshot it will serve, so its first searches do not decode ~50 columns
   * each; the first search starts it otherwise.
   */
  decodeInBackground(): void {
    if (this.decoding || !this.pending.length) return;
    this.decoding = true;
    const step = () => {
      const next: number[] = [];
      for (const { state } of this.pending) {
        for (let j = 0; j < this.dimensions && next.length < COLUMNS_PER_STEP; j++) if (!state.ready[j]) next.push(j);
        if (next.length) break;
      }
      this.ensureColumns(next);
      if (this.pending.length) setTimeout(step, 0).unref();
    };
    setTimeout(step, 0).unref();
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

  /** The rows of each matrix after the previous ones'. The codes are shared, not copied: each part's blocks stay blocks. */
  static concat(parts: readonly VectorMatrix[], dimensions: number): VectorMatrix {
    const scales = new Float32Array(parts.reduce((n, p) => n + p.count, 0));
    let row = 0;
    for (const p of parts) {
      if (p.dimensions !== dimensions) throw new Error(`a matrix of ${p.dimensions} dimensions joined to one of ${dimensions}`);
      scales.set(p.scales, row);
      row += p.count;
    }
    const joined = new VectorMatrix(
      row,
      dimensions,
      parts.flatMap((p) => p.blocks.map((b) => b.codes)),
      scales,
    );
    // A part still decoding its columns goes on decoding them into the same arrays, for both matrices.
    for (const p of parts) {
      for (const { block, state } of p.pending) {
        const same = joined.blocks.find((b) => b.codes === block.codes);
        if (same) joined.pending.push({ block: same, state });
      }
    }
    return joined;
  }

  /** All codes, dimension-major over every row (joined once when the matrix is in blocks: for stores that write it whole). */
  get codes(): Int8Array {
    this.decodeAll();
    if (!this.joined && this.blocks.length === 1) this.joined = (this.blocks[0] as Block).codes;
    if (!this.joined) {
      const { count: n, dimensions: d } = this;
      const codes = new Int8Array(n * d);
      for (const b of this.blocks) for (let j = 0; j < d; j++) codes.set(b.codes.subarray(j * b.rows, (j + 1) * b.rows), j * n + b.start);
      this.joined = codes;
    }
    return this.joined;
  }

  /** Row i's block and its position there. */
  private locate(i: number): { block: Block; at: number } {
    this.decodeAll();
    for (const block of this.blocks) if (i < block.start + block.rows) return { block, at: i - block.start };
    throw new RangeError(`row ${i} of a matrix of ${this.count}`);
  }

  /** Code j of row i. */
  code(j: number, i: number): number {
    const { block, at } = this.locate(i);
    return block.codes[j * block.rows + at] as number;
  }

  /** Vector i as floats (codes × scale). */
  row(i: number): Float32Array {
    const d = this.dimensions;
    const { block, at } = this.locate(i);
    const s = this.scales[i] as number;
    const out = new Float32Array(d);
    for (let j = 0; j < d; j++) out[j] = decodeCode(block.codes[j * block.rows + at] as number) * s;
    return out;
  }

  /** Copies row i's codes into `into` (dimensions long). */
  codesOf(i: number, into: Int8Array): void {
    const { block, at } = this.locate(i);
    for (let j = 0; j < this.dimensions; j++) into[j] = block.codes[j * block.rows + at] as number;
  }

  /** Every vector as row-major floats: for stores that keep floats, and for benchmarks' floors. */
  toRows(): Float32Array {
    this.decodeAll();
    const { dimensions: d, scales } = this;
    const out = new Float32Array(this.count * d);
    for (const b of this.blocks) {
      for (let j = 0; j < d; j++) {
        const col = j * b.rows;
        for (let r = 0; r < b.rows; r++) out[(b.start + r) * d + j] = decodeCode(b.codes[col + r] as number) * (scales[b.start + r] as number);
      }
    }
    return out;
  }

  /**
   * Top-k by dot product with the query (cosine, as vectors are normalised), best first; equal
   * scores keep index order. `accept` filters by chunk position.
   */
  nearest(query: ArrayLike<number>, k: number, accept?: (i: number) => boolean): { index: number; score: number }[] {
    const { count: n, scales } = this;
    const { nonZero, weights, tables, unit } = this.integerQuery(query);
    this.scores ??= new Int32Array(n);
    const scores = this.scores;
    scores.fill(0);
    const top = new TopK(k);
    if (n >= TWO_STAGE.minRows && nonZero.length > TWO_STAGE.heavyDims && nonZero.length <= this.dimensions * TWO_STAGE.maxQueryShare) {
      this.keys ??= new Float64Array(n);
      this.pool ??= new Int32Array(n);
      for (const i of twoStageCandidates(this.blocks, scores, this.keys, this.pool, scales, nonZero, weights, tables, accept))
        top.offer(i, (scores[i] as number) * unit * (scales[i] as number));
      return top.best();
    }
    for (const b of this.blocks) accumulate(scores.subarray(b.start, b.start + b.rows), b.codes, nonZero, tables);
    for (let i = 0; i < n; i++) if (!accept || accept(i)) top.offer(i, (scores[i] as number) * unit * (scales[i] as number));
    return top.best();
  }

  /**
   * nearest() over the given rows only (ascending positions: the rows of the letters a search is
   * limited to), scored exactly on every dimension: the same hits the full scan with an `accept`
   * for those rows gives, for the cost of the rows instead of the whole matrix.
   */
  nearestAmong(query: ArrayLike<number>, k: number, rows: Int32Array): { index: number; score: number }[] {
    const { nonZero, tables, unit } = this.integerQuery(query);
    this.scores ??= new Int32Array(this.count);
    const scores = this.scores;
    for (const i of rows) scores[i] = 0;
    addRows(this.blocks, scores, rows, nonZero, tables);
    const top = new TopK(k);
    for (const i of rows) top.offer(i, (scores[i] as number) * unit * (this.scales[i] as number));
    return top.best();
  }

  /**
   * The query as integers too, so the scan is integer adds (measured 2–4× faster than
   * accumulating floats in V8): weights scaled to the largest range for which no sum can pass
   * 2^31, and each weight times every code's value as a table the scan looks codes up in. Makes
   * sure the query's columns are decoded.
   */
  private integerQuery(query: ArrayLike<number>): { nonZero: number[]; weights: number[]; tables: Int32Array[]; unit: number } {
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
    const weights = nonZero.map((j) => Math.round((query[j] as number) / unit));
    // |entry| ≤ range × 127, as with the linear codes.
    const tables = weights.map((w) => {
      const t = new Int32Array(256);
      for (let k = 0; k < 256; k++) t[k] = Math.round(w * (DECODED[k] as number));
      return t;
    });
    this.ensureColumns(nonZero);
    this.decodeInBackground();
    return { nonZero, weights, tables, unit };
  }
}

/** Fills a VectorMatrix row by row: from floats (quantized) or copied code for code from another matrix. */
export class MatrixBuilder {
  private readonly codes: Int8Array;
  private readonly scales: Float32Array;
  private readonly scratch: Int8Array;

  constructor(
    readonly count: number,
    readonly dimensions: number,
  ) {
    this.codes = new Int8Array(count * dimensions);
    this.scratch = new Int8Array(dimensions);
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
    for (let j = 0; j < d; j++) codes[j * n + i] = encodeCode((v[j] as number) / scale);
  }

  copyRow(i: number, from: VectorMatrix, row: number): void {
    const { count: n, dimensions: d, codes, scratch } = this;
    from.codesOf(row, scratch);
    for (let j = 0; j < d; j++) codes[j * n + i] = scratch[j] as number;
    this.scales[i] = from.scales[row] as number;
  }

  finish(): VectorMatrix {
    return new VectorMatrix(this.count, this.dimensions, this.codes, this.scales);
  }
}

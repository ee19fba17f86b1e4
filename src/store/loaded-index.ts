import { TopK } from '../base/top-k.js';
import type { ChunkRecord } from './chunk-record.js';
import type { Manifest } from './manifest.js';

/** Below this share of non-zero query dimensions, scoring by columns beats a full row scan. */
const SPARSE_QUERY_SHARE = 0.35;

/** An index held in memory: chunk records and their vectors in one flat Float32Array. */
export class LoadedIndex {
  readonly dimensions: number;
  /** The same matrix dimension-major (built on the first sparse query): column j is every chunk's value j. */
  private byDimension: Float32Array | null = null;
  private scores: Float64Array | null = null;

  constructor(
    readonly manifest: Manifest,
    readonly chunks: ChunkRecord[],
    /** chunks.length × dimensions, row i is chunks[i]'s L2-normalised vector. */
    readonly vectors: Float32Array,
    readonly buildDir: string | null,
    /** False when the vectors live in a database (the Postgres store) and search runs there. */
    readonly hasVectors = true,
  ) {
    this.dimensions = manifest.embedder.dimensions;
    if (hasVectors && vectors.length !== chunks.length * this.dimensions) throw new Error('vector matrix does not match chunk count');
  }

  /** Chunk records and manifest only: the vectors stay in the database that searches them. */
  static withoutVectors(manifest: Manifest, chunks: ChunkRecord[]): LoadedIndex {
    return new LoadedIndex(manifest, chunks, new Float32Array(0), null, false);
  }

  /** The same rows under a manifest that differs only in what it records of the corpus files. */
  withManifest(manifest: Manifest): LoadedIndex {
    return new LoadedIndex(manifest, this.chunks, this.vectors, this.buildDir, this.hasVectors);
  }

  vector(i: number): Float32Array {
    return this.vectors.subarray(i * this.dimensions, (i + 1) * this.dimensions);
  }

  /**
   * Exact cosine top-k (vectors are normalised, so a dot product), best first; equal scores keep
   * index order. `accept` filters by chunk position. A query with few non-zero dimensions (the
   * built-in embedder's are ~50 of 768) is scored column by column, touching only those
   * dimensions; a dense one (a model's embedding) by a full row scan.
   */
  nearest(query: ArrayLike<number>, k: number, accept?: (i: number) => boolean): { index: number; score: number }[] {
    if (!this.hasVectors) throw new Error('this index keeps its vectors in the database; search there');
    const q = Float32Array.from(query);
    const nonZero: number[] = [];
    for (let j = 0; j < q.length; j++) if (q[j] !== 0) nonZero.push(j);
    return nonZero.length <= SPARSE_QUERY_SHARE * this.dimensions ? this.nearestByColumns(q, nonZero, k, accept) : this.nearestByRows(q, k, accept);
  }

  private nearestByRows(q: Float32Array, k: number, accept?: (i: number) => boolean): { index: number; score: number }[] {
    const d = this.dimensions;
    const m = this.vectors;
    const n = this.chunks.length;
    const top = new TopK(k);
    // A row view and a dot product unrolled by four: the fastest plain-JS scan measured (docs/performance.md).
    const d4 = d - (d % 4);
    for (let i = 0; i < n; i++) {
      if (accept && !accept(i)) continue;
      const row = m.subarray(i * d, (i + 1) * d);
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < d4; j += 4) {
        s0 += (q[j] as number) * (row[j] as number);
        s1 += (q[j + 1] as number) * (row[j + 1] as number);
        s2 += (q[j + 2] as number) * (row[j + 2] as number);
        s3 += (q[j + 3] as number) * (row[j + 3] as number);
      }
      for (; j < d; j++) s0 += (q[j] as number) * (row[j] as number);
      top.offer(i, s0 + s1 + s2 + s3);
    }
    return top.best();
  }

  private nearestByColumns(q: Float32Array, nonZero: number[], k: number, accept?: (i: number) => boolean): { index: number; score: number }[] {
    const n = this.chunks.length;
    const cols = this.columns();
    this.scores ??= new Float64Array(n);
    const scores = this.scores;
    scores.fill(0);
    for (const j of nonZero) {
      const w = q[j] as number;
      const col = cols.subarray(j * n, (j + 1) * n);
      for (let i = 0; i < n; i++) scores[i] = (scores[i] as number) + w * (col[i] as number);
    }
    const top = new TopK(k);
    for (let i = 0; i < n; i++) if (!accept || accept(i)) top.offer(i, scores[i] as number);
    return top.best();
  }

  private columns(): Float32Array {
    if (this.byDimension) return this.byDimension;
    const d = this.dimensions;
    const n = this.chunks.length;
    const m = this.vectors;
    const t = new Float32Array(m.length);
    // Transposed in blocks of rows so reads and writes both stay within cache.
    const BLOCK = 64;
    for (let i0 = 0; i0 < n; i0 += BLOCK) {
      const i1 = Math.min(n, i0 + BLOCK);
      for (let j = 0; j < d; j++) {
        const out = j * n;
        for (let i = i0; i < i1; i++) t[out + i] = m[i * d + j] as number;
      }
    }
    this.byDimension = t;
    return t;
  }
}

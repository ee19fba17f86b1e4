import type { ChunkRecord } from './chunk-record.js';
import type { Manifest } from './manifest.js';
import { TopK } from './top-k.js';

/** An index held in memory: chunk records and their vectors in one flat Float32Array. */
export class LoadedIndex {
  readonly dimensions: number;

  constructor(
    readonly manifest: Manifest,
    readonly chunks: ChunkRecord[],
    /** chunks.length × dimensions, row i is chunks[i]'s L2-normalised vector. */
    readonly vectors: Float32Array,
    readonly buildDir: string | null,
  ) {
    this.dimensions = manifest.embedder.dimensions;
    if (vectors.length !== chunks.length * this.dimensions) throw new Error('vector matrix does not match chunk count');
  }

  vector(i: number): Float32Array {
    return this.vectors.subarray(i * this.dimensions, (i + 1) * this.dimensions);
  }

  /**
   * Cosine top-k by brute force over the flat matrix (vectors are normalised, so a dot product),
   * best first. `accept` filters by chunk position before scoring.
   */
  nearest(query: ArrayLike<number>, k: number, accept?: (i: number) => boolean): { index: number; score: number }[] {
    const d = this.dimensions;
    const q = Float32Array.from(query);
    const m = this.vectors;
    const n = this.chunks.length;
    const top = new TopK(k);
    // Unrolled by four: about twice as fast as the plain loop in V8 (docs/performance.md).
    const d4 = d - (d % 4);
    for (let i = 0; i < n; i++) {
      if (accept && !accept(i)) continue;
      const base = i * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < d4; j += 4) {
        s0 += (q[j] as number) * (m[base + j] as number);
        s1 += (q[j + 1] as number) * (m[base + j + 1] as number);
        s2 += (q[j + 2] as number) * (m[base + j + 2] as number);
        s3 += (q[j + 3] as number) * (m[base + j + 3] as number);
      }
      for (; j < d; j++) s0 += (q[j] as number) * (m[base + j] as number);
      top.offer(i, s0 + s1 + s2 + s3);
    }
    return top.best();
  }
}

import type { ChunkRecord } from './chunk-record.js';
import type { Manifest } from './manifest.js';

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
   * Cosine top-k by brute force over the flat matrix (vectors are normalised, so a dot product).
   * `accept` filters by chunk position before scoring.
   */
  nearest(query: ArrayLike<number>, k: number, accept?: (i: number) => boolean): { index: number; score: number }[] {
    const d = this.dimensions;
    const q = Float32Array.from(query);
    const top: { index: number; score: number }[] = [];
    for (let i = 0; i < this.chunks.length; i++) {
      if (accept && !accept(i)) continue;
      const base = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += (q[j] as number) * (this.vectors[base + j] as number);
      if (top.length < k || s > (top[top.length - 1] as { score: number }).score) {
        top.push({ index: i, score: s });
        top.sort((a, b) => b.score - a.score);
        if (top.length > k) top.pop();
      }
    }
    return top;
  }
}

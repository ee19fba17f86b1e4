import { compareBytes, type WordVectorData } from './word-vector-file.js';

const encoder = new TextEncoder();

/** Pretrained word vectors by stem: cosine similarity between two stems, or none when either is unknown. */
export class WordVectors {
  readonly dims: number;
  readonly count: number;
  private readonly cache = new Map<string, number>();

  constructor(private readonly data: WordVectorData) {
    this.dims = data.header.dims;
    this.count = data.header.count;
  }

  /** The row of a stem, or -1: a binary search over the sorted key bytes. */
  indexOf(key: string): number {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const probe = encoder.encode(key);
    const { offsets, keys } = this.data;
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareBytes(keys.subarray(offsets[mid] as number, offsets[mid + 1] as number), probe);
      if (c === 0) {
        found = mid;
        break;
      }
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    // Questions and passages reuse a small vocabulary: remember lookups, within bounds.
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(key, found);
    return found;
  }

  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  /** Cosine of two rows (vectors are unit length before quantisation). */
  cosineAt(a: number, b: number): number {
    const { vectors, scales } = this.data;
    const d = this.dims;
    let dot = 0;
    for (let i = 0, pa = a * d, pb = b * d; i < d; i++) dot += (vectors[pa + i] as number) * (vectors[pb + i] as number);
    return dot * (scales[a] as number) * (scales[b] as number);
  }

  cosine(a: string, b: string): number | null {
    const ia = this.indexOf(a);
    const ib = this.indexOf(b);
    return ia < 0 || ib < 0 ? null : this.cosineAt(ia, ib);
  }

  /** Copies the quantised rows of the given keys into one matrix, for scanning a vocabulary fast. */
  rows(indices: readonly number[]): { vectors: Int8Array; scales: Float32Array } {
    const d = this.dims;
    const vectors = new Int8Array(indices.length * d);
    const scales = new Float32Array(indices.length);
    indices.forEach((row, i) => {
      vectors.set(this.data.vectors.subarray(row * d, (row + 1) * d), i * d);
      scales[i] = this.data.scales[row] as number;
    });
    return { vectors, scales };
  }

  /** The quantised row and scale of one key, for dotting against a matrix made by rows(). */
  row(index: number): { vector: Int8Array; scale: number } {
    const d = this.dims;
    return { vector: this.data.vectors.subarray(index * d, (index + 1) * d), scale: this.data.scales[index] as number };
  }
}

/**
 * The floors each retrieval figure is compared with. Written here, apart from src/, so the
 * floor is not whatever the code under test happens to do.
 */

/** Brute-force cosine top-k over a row-major Float32Array of normalised vectors, dot product unrolled by four. */
export function bruteForceTopK(matrix: Float32Array, dims: number, q: Float32Array, k: number): number[] {
  const n = (matrix.length / dims) | 0;
  const bestScore: number[] = [];
  const bestId: number[] = [];
  let worst = -Infinity;
  for (let i = 0; i < n; i++) {
    // A row view, dot product unrolled by four: the fastest plain-JS scan we found (docs/performance.md).
    const row = matrix.subarray(i * dims, (i + 1) * dims);
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    const d4 = dims - (dims % 4);
    for (; j < d4; j += 4) {
      s0 += (q[j] as number) * (row[j] as number);
      s1 += (q[j + 1] as number) * (row[j + 1] as number);
      s2 += (q[j + 2] as number) * (row[j + 2] as number);
      s3 += (q[j + 3] as number) * (row[j + 3] as number);
    }
    for (; j < dims; j++) s0 += (q[j] as number) * (row[j] as number);
    const s = s0 + s1 + s2 + s3;
    if (bestScore.length < k || s > worst) {
      let p = bestScore.length < k ? bestScore.length : k - 1;
      while (p > 0 && s > (bestScore[p - 1] as number)) {
        bestScore[p] = bestScore[p - 1] as number;
        bestId[p] = bestId[p - 1] as number;
        p--;
      }
      bestScore[p] = s;
      bestId[p] = i;
      worst = bestScore[bestScore.length - 1] as number;
    }
  }
  return bestId;
}

export interface Percentiles {
  p50: number;
  p95: number;
  mean: number;
  n: number;
}

/** Nearest-rank percentiles of durations in ms. */
export function percentiles(ms: number[]): Percentiles {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return { p50: at(50), p95: at(95), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1), n: s.length };
}

export async function timeEach<T>(items: T[], fn: (item: T) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (const item of items) {
    const t = performance.now();
    await fn(item);
    out.push(performance.now() - t);
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { LoadedIndex } from '../../src/store/loaded-index.js';
import { rowsManifest, sampleRows } from '../support/store-fixtures.js';

function indexOf(n: number, dims: number, seed: number): LoadedIndex {
  const { chunks, vectors } = sampleRows(n, dims, seed);
  const manifest = rowsManifest(dims, n);
  return new LoadedIndex(manifest, chunks, vectors, null);
}

/** The obvious implementation: score everything, sort, take k (stable, so ties keep index order). */
function reference(index: LoadedIndex, q: Float32Array, k: number, accept?: (i: number) => boolean) {
  const scored = index.chunks.map((_, i) => ({ index: i, score: index.vector(i).reduce((s, x, j) => s + x * (q[j] as number), 0) })).filter((s) => !accept || accept(s.index));
  return scored.sort((a, b) => b.score - a.score).slice(0, k);
}

describe('LoadedIndex.nearest', () => {
  it.each([
    { n: 300, dims: 32, k: 10 },
    { n: 57, dims: 31, k: 5 },
    { n: 4, dims: 8, k: 10 },
  ])('matches a score-and-sort reference (n=$n, dims=$dims, k=$k)', ({ n, dims, k }) => {
    const index = indexOf(n, dims, n);
    for (let probe = 0; probe < 5; probe++) {
      const q = index.vector((probe * 7) % n).slice();
      const got = index.nearest(q, k);
      const want = reference(index, q, k);
      expect(got.map((g) => g.index)).toEqual(want.map((w) => w.index));
      got.forEach((g, i) => {
        expect(g.score).toBeCloseTo(want[i]?.score as number, 4); // the query is scanned as 16-bit integers
      });
    }
  });

  it('scores a sparse query (few non-zero dimensions) by columns with the same result', () => {
    const index = indexOf(400, 64, 9);
    for (const dims of [[0], [3, 17, 40], [1, 2, 5, 8, 13, 21, 34, 55]]) {
      const q = new Float32Array(64);
      dims.forEach((j, x) => {
        q[j] = x % 2 ? -0.5 : 1;
      });
      const even = (i: number) => i % 2 === 0;
      expect(index.nearest(q, 12).map((h) => h.index)).toEqual(reference(index, q, 12).map((h) => h.index));
      expect(index.nearest(q, 12, even).map((h) => h.index)).toEqual(reference(index, q, 12, even).map((h) => h.index));
      index.nearest(q, 12).forEach((h, i) => {
        expect(h.score).toBeCloseTo(reference(index, q, 12)[i]?.score as number, 4);
      });
    }
    // Equal scores by columns keep index order too.
    const flat = new LoadedIndex(index.manifest, index.chunks.slice(0, 3), new Float32Array(3 * 64).fill(0.125), null);
    const one = new Float32Array(64);
    one[5] = 1;
    expect(flat.nearest(one, 2).map((h) => h.index)).toEqual([0, 1]);
  });

  it('applies the filter before ranking and keeps the first of equal scores', () => {
    const index = indexOf(200, 16, 3);
    const q = index.vector(10).slice();
    const odd = (i: number) => i % 2 === 1;
    expect(index.nearest(q, 7, odd).map((h) => h.index)).toEqual(reference(index, q, 7, odd).map((h) => h.index));
    const same = new LoadedIndex(index.manifest, index.chunks.slice(0, 3), new Float32Array(3 * 16).fill(0.25), null);
    expect(same.nearest(new Float32Array(16).fill(1), 2).map((h) => h.index)).toEqual([0, 1]);
    expect(index.nearest(q, 0)).toEqual([]);
  });

  it('scores just the rows asked for with nearestAmong: the hits, scores and tie order of the filtered scan', () => {
    const index = indexOf(600, 48, 21);
    // Two letters' worth of rows, not contiguous, plus rows with equal vectors (ties).
    const rows = Int32Array.from([...Array.from({ length: 40 }, (_, i) => 100 + i), ...Array.from({ length: 25 }, (_, i) => 400 + 3 * i)]);
    const inRows = new Set(rows);
    for (let probe = 0; probe < 6; probe++) {
      const q = index.vector((probe * 97) % 600).slice();
      if (probe % 2) for (let j = 0; j < 48; j += 3) q[j] = 0; // sparser queries too
      expect(index.nearestAmong(q, 10, rows)).toEqual(index.nearest(q, 10, (i) => inRows.has(i)));
    }
    const same = new LoadedIndex(index.manifest, index.chunks.slice(0, 4), new Float32Array(4 * 48).fill(0.125), null);
    expect(same.nearestAmong(new Float32Array(48).fill(1), 2, Int32Array.from([1, 2, 3])).map((h) => h.index)).toEqual([1, 2]);
    expect(index.nearestAmong(index.vector(0), 5, new Int32Array(0))).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { TWO_STAGE } from '../../src/store/dense-scan.js';
import { VectorMatrix } from '../../src/store/vector-matrix.js';
import { sampleRows } from '../support/store-fixtures.js';

const DIMS = 96;
const saved = { ...TWO_STAGE };
afterEach(() => Object.assign(TWO_STAGE, saved));

/** The full scan, whatever the matrix's size. */
function fullScan(m: VectorMatrix, q: Float32Array, k: number, accept?: (i: number) => boolean) {
  const minRows = TWO_STAGE.minRows;
  TWO_STAGE.minRows = Number.POSITIVE_INFINITY;
  try {
    return m.nearest(q, k, accept);
  } finally {
    TWO_STAGE.minRows = minRows;
  }
}

/** A query like the built-in embedder's: a few heavy dimensions (rare terms), many light ones (character n-grams). */
function sparseQuery(seed: number, heavy: number, light: number): Float32Array {
  const q = new Float32Array(DIMS);
  for (let a = 0; a < heavy + light; a++) q[(seed * 7 + a * 5) % DIMS] = (a < heavy ? 1 : 0.02) * (a % 3 === 0 ? -1 : 1);
  return q;
}

describe('two-stage dense scan (large matrices, sparse queries)', () => {
  const { matrix } = sampleRows(3000, DIMS, 5);
  const split = VectorMatrix.concat([sampleRows(1000, DIMS, 5).matrix, sampleRows(2000, DIMS, 6).matrix], DIMS);

  it('is the full scan when the pool holds every accepted row, with blocks and filters', () => {
    Object.assign(TWO_STAGE, { minRows: 0, pool: 1_000_000 });
    const odd = (i: number) => i % 2 === 1;
    for (const m of [matrix, split]) {
      for (let seed = 0; seed < 5; seed++) {
        const q = sparseQuery(seed, 10, 14);
        expect(m.nearest(q, 20)).toEqual(fullScan(m, q, 20));
        expect(m.nearest(q, 20, odd)).toEqual(fullScan(m, q, 20, odd));
      }
    }
  });

  it('finds the full scan top k from a small pool when the heavy dimensions carry the score, each with the full scan score', () => {
    Object.assign(TWO_STAGE, { minRows: 0, pool: 300 });
    for (const m of [matrix, split]) {
      for (let seed = 0; seed < 5; seed++) {
        const q = sparseQuery(seed, 8, 16);
        expect(m.nearest(q, 10)).toEqual(fullScan(m, q, 10));
        const all = new Map(fullScan(m, q, m.count).map((h) => [h.index, h.score]));
        for (const h of m.nearest(q, 50)) expect(h.score).toBe(all.get(h.index));
      }
    }
  });

  it('leaves dense queries (a model embedding) and small matrices to the full scan', () => {
    Object.assign(TWO_STAGE, { pool: 10 });
    const dense = matrix.row(7);
    TWO_STAGE.minRows = 0;
    expect(matrix.nearest(dense, 10)).toEqual(fullScan(matrix, dense, 10));
    TWO_STAGE.minRows = 1_000_000;
    const q = sparseQuery(1, 8, 16);
    expect(matrix.nearest(q, 10)).toEqual(fullScan(matrix, q, 10));
  });
});

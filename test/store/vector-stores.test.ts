import { readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalIndex } from 'vectra';
import { describe, expect, it } from 'vitest';
import { binaryStore } from '../../src/store/binary-store.js';
import { StoreLimitError } from '../../src/store/vector-store.js';
import { createVectraStore, vectraStore } from '../../src/store/vectra-store.js';
import { sampleRows, tempDir } from '../support/store-fixtures.js';

const DIMS = 16;

describe.each([binaryStore, vectraStore])('$format store', (store) => {
  it('reads back exactly the chunks and vectors it wrote', async () => {
    const dir = await tempDir(`store-${store.format}`);
    const rows = sampleRows(25, DIMS);
    await store.write(dir, rows, DIMS);
    const back = await store.read(dir, DIMS, 25);
    expect(back.chunks).toEqual(rows.chunks);
    // int8 codes and scales exactly (vectra keeps floats and quantizes them again on reading: the same codes).
    expect(Array.from(back.matrix.codes)).toEqual(Array.from(rows.matrix.codes));
    expect(Array.from(back.matrix.scales)).toEqual(Array.from(rows.matrix.scales));
  });

  it('refuses a build whose row count is not the one expected', async () => {
    const dir = await tempDir(`store-${store.format}`);
    await store.write(dir, sampleRows(4, DIMS), DIMS);
    await expect(store.read(dir, DIMS, 5)).rejects.toThrow();
  });
});

describe('binary store', () => {
  it('refuses a truncated vector file', async () => {
    const dir = await tempDir('store-binary');
    await binaryStore.write(dir, sampleRows(10, DIMS), DIMS);
    await truncate(path.join(dir, 'vectors.i8'), 10 * DIMS - 4);
    await expect(binaryStore.read(dir, DIMS, 10)).rejects.toThrow(/bytes, expected/);
  });

  it('refuses a chunk table with a row that points nowhere', async () => {
    const dir = await tempDir('store-binary');
    await binaryStore.write(dir, sampleRows(3, DIMS), DIMS);
    const file = path.join(dir, 'chunks.json');
    const table = JSON.parse(await readFile(file, 'utf8')) as { rows: number[] };
    table.rows[0] = 99;
    await writeFile(file, JSON.stringify(table));
    await expect(binaryStore.read(dir, DIMS, 3)).rejects.toThrow(/row 0/);
  });
});

describe('vectra store', () => {
  it('writes an index.json that vectra itself loads and queries', async () => {
    const dir = await tempDir('store-vectra');
    const rows = sampleRows(30, DIMS);
    await vectraStore.write(dir, rows, DIMS);
    const index = new LocalIndex(dir);
    expect(await index.isIndexCreated()).toBe(true);
    expect(await index.listItems()).toHaveLength(30);
    const probe = Array.from(rows.vectors.subarray(7 * DIMS, 8 * DIMS));
    const [top] = await index.queryItems(probe, '', 1);
    expect(top?.item.id).toBe(rows.chunks[7]?.id);
    expect(top?.score).toBeCloseTo(1, 3); // the stored vector is the int8 one
    expect(top?.item.metadata).toMatchObject({ letterId: rows.chunks[7]?.letterId, start: rows.chunks[7]?.start });
  });

  it('stops with a StoreLimitError before writing a file vectra could not load', async () => {
    const dir = await tempDir('store-vectra');
    const small = createVectraStore(10_000);
    await expect(small.write(dir, sampleRows(200, DIMS), DIMS)).rejects.toBeInstanceOf(StoreLimitError);
  });
});

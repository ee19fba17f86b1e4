import { mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalIndex } from 'vectra';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { ensureIndex } from '../../src/store/build-index.js';
import { vectraStore } from '../../src/store/vectra-store.js';
import { extraLetter, seedLetters, tempDir } from '../support/store-fixtures.js';

const embedder = new HashingEmbedder(64);
const base = { embedder, chunkOptions: DEFAULT_CHUNK_OPTIONS };

async function currentBuild(indexDir: string): Promise<string> {
  return path.join(indexDir, 'builds', (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim());
}

describe('ensureIndex with the binary store (default)', () => {
  it('builds, reuses, and adds one letter without re-embedding the others', async () => {
    const indexDir = await tempDir('index');
    const letters = await seedLetters();
    const first = await ensureIndex({ ...base, indexDir, letters });
    expect(first.action).toBe('full');
    expect(first.index.manifest.store).toBe('binary');
    expect((await readdir(await currentBuild(indexDir))).sort()).toEqual(['chunks.json', 'manifest.json', 'scales.f32', 'sparse.bin', 'vectors.i8']);

    const again = await ensureIndex({ ...base, indexDir, letters });
    expect(again.action).toBe('reused');
    expect(again.index.chunks).toEqual(first.index.chunks);
    expect(Array.from(again.index.vectors)).toEqual(Array.from(first.index.vectors));

    const extra = extraLetter(letters[0] as (typeof letters)[number]);
    const added = await ensureIndex({ ...base, indexDir, letters: [...letters, extra] });
    expect(added).toMatchObject({ action: 'incremental', embeddedLetters: 1, reusedLetters: 2 });
    const oldRows = first.index.chunks.length;
    expect(added.index.chunks.slice(0, oldRows)).toEqual(first.index.chunks);
    expect(Array.from(added.index.vectors.subarray(0, oldRows * 64))).toEqual(Array.from(first.index.vectors));
    expect(added.index.chunks.slice(oldRows).every((c) => c.letterId === extra.id)).toBe(true);
    // Only the new build is left on disk.
    expect(await readdir(path.join(indexDir, 'builds'))).toHaveLength(1);
  });

  it('rebuilds from the letters when the current build is truncated, and keeps CURRENT valid', async () => {
    const indexDir = await tempDir('index');
    const letters = await seedLetters();
    const first = await ensureIndex({ ...base, indexDir, letters });
    await truncate(path.join(await currentBuild(indexDir), 'vectors.i8'), 100);
    const logs: string[] = [];
    const again = await ensureIndex({ ...base, indexDir, letters, log: (m) => logs.push(m) });
    expect(again.action).toBe('full');
    expect(logs.join('\n')).toMatch(/unreadable.*vectors\.i8/);
    expect(Array.from(again.index.vectors)).toEqual(Array.from(first.index.vectors));
  });

  it('ignores a half-written staging build left by a crash, and removes it', async () => {
    const indexDir = await tempDir('index');
    const letters = await seedLetters();
    await ensureIndex({ ...base, indexDir, letters });
    const staging = path.join(indexDir, '.staging-crashed');
    await mkdir(staging);
    await writeFile(path.join(staging, 'vectors.f32'), Buffer.alloc(12));
    const again = await ensureIndex({ ...base, indexDir, letters });
    expect(again.action).toBe('reused');
    expect((await readdir(indexDir)).filter((f) => f.startsWith('.staging'))).toEqual([]);
  });
});

describe('ensureIndex across store formats', () => {
  it('converts a vectra build to binary (and back) without re-embedding', async () => {
    const indexDir = await tempDir('index');
    const letters = await seedLetters();
    const asVectra = await ensureIndex({ ...base, indexDir, letters, store: vectraStore });
    expect(asVectra.index.manifest.store).toBe('vectra');
    expect(await new LocalIndex(await currentBuild(indexDir)).listItems()).toHaveLength(asVectra.index.chunks.length);

    const asBinary = await ensureIndex({ ...base, indexDir, letters });
    expect(asBinary).toMatchObject({ action: 'incremental', embeddedLetters: 0, reusedLetters: 2 });
    expect(asBinary.index.manifest.store).toBe('binary');
    // The same vectors, not new embeddings: equal up to float32 rounding of a row's int8 scale
    // (vectra keeps the dequantised floats, and quantising them again may move the scale by one ulp).
    const [a, b] = [Array.from(asBinary.index.vectors), Array.from(asVectra.index.vectors)];
    expect(a).toHaveLength(b.length);
    expect(Math.max(...a.map((x, i) => Math.abs(x - (b[i] as number))))).toBeLessThan(1e-6);

    const back = await ensureIndex({ ...base, indexDir, letters, store: vectraStore });
    expect(back).toMatchObject({ action: 'incremental', embeddedLetters: 0 });
    expect(back.index.chunks).toEqual(asVectra.index.chunks);
  });

  it('reads a build written before stores were pluggable (vectra, no store in the manifest, float vectors, no sparse index) and rewrites it once without re-embedding', async () => {
    const indexDir = await tempDir('index');
    const letters = await seedLetters();
    const built = await ensureIndex({ ...base, indexDir, letters, store: vectraStore });
    const dir = await currentBuild(indexDir);
    const manifestFile = path.join(dir, 'manifest.json');
    const { store: _store, layout: _layout, ...legacy } = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    // index.json as the old code wrote it: through vectra's own insertItem.
    const vectra = new LocalIndex(dir);
    await vectra.createIndex({ version: 1, deleteIfExists: true });
    await vectra.beginUpdate();
    for (const [i, c] of built.index.chunks.entries()) {
      const { id, section, ...rest } = c;
      await vectra.insertItem({ id, vector: Array.from(built.index.vector(i)), metadata: { ...rest, section: section ?? '' } });
    }
    await vectra.endUpdate();
    // createIndex({deleteIfExists}) removed the whole folder: put the store-less manifest back.
    await writeFile(manifestFile, JSON.stringify(legacy));
    const again = await ensureIndex({ ...base, indexDir, letters, store: vectraStore });
    expect(again).toMatchObject({ action: 'incremental', embeddedLetters: 0, reusedLetters: 2 });
    expect(again.index.manifest.store).toBe('vectra');
    expect(again.index.chunks).toEqual(built.index.chunks);
    expect(Array.from(again.index.matrix.codes)).toEqual(Array.from(built.index.matrix.codes));
    expect((await ensureIndex({ ...base, indexDir, letters, store: vectraStore })).action).toBe('reused');
  });
});

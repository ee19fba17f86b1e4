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

  it('reads a build of linear int8 codes (layout 2), recodes them, and rewrites the build once without re-embedding', async () => {
    const indexDir = await tempDir('index');
    const letters = await seedLetters();
    const built = await ensureIndex({ ...base, indexDir, letters });
    const dir = await currentBuild(indexDir);
    // The build as layout 2 wrote it: the same vectors as linear codes (value = code × scale).
    const files = await readdir(dir);
    expect(files).toContain('vectors.i8');
    const n = built.index.chunks.length;
    const d = built.index.dimensions;
    const linear = new Int8Array(n * d);
    for (let i = 0; i < n; i++) {
      const v = built.index.vector(i);
      const s = built.index.matrix.scales[i] as number;
      for (let j = 0; j < d; j++) linear[j * n + i] = s ? Math.round((v[j] as number) / s) : 0;
    }
    await writeFile(path.join(dir, 'vectors.i8'), linear);
    const manifestFile = path.join(dir, 'manifest.json');
    await writeFile(manifestFile, JSON.stringify({ ...JSON.parse(await readFile(manifestFile, 'utf8')), layout: 2 }));

    const again = await ensureIndex({ ...base, indexDir, letters });
    expect(again).toMatchObject({ action: 'incremental', embeddedLetters: 0 });
    expect(again.index.manifest.layout).toBe(3);
    expect(await currentBuild(indexDir)).not.toBe(dir);
    const close = (a: Float32Array, b: Float32Array, tol: number) => a.every((x, j) => Math.abs(x - (b[j] as number)) <= tol);
    for (let i = 0; i < n; i += 7) expect(close(again.index.vector(i), built.index.vector(i), (built.index.matrix.scales[i] as number) * 1.5)).toBe(true);
    const q = await embedder.embedQuery('caseloads and management oversight');
    // Rounded twice (linear, then companded), so only clear leads are sure to keep their order.
    expect(again.index.nearest(q, 3).map((h) => h.index)).toEqual(built.index.nearest(q, 3).map((h) => h.index));
    expect((await ensureIndex({ ...base, indexDir, letters })).action).toBe('reused');
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

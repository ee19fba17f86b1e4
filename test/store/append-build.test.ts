import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import type { Letter } from '../../src/corpus/letter.js';
import { parseLetterFile } from '../../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { SparseIndex } from '../../src/retrieve/sparse-index.js';
import { ensureIndex } from '../../src/store/build-index.js';
import type { LoadedIndex } from '../../src/store/loaded-index.js';
import { expectCompleteIndex, loadLiveIndex } from '../support/index-checks.js';
import { generateLetter } from '../support/letter-generator.js';
import { seedLetters, tempDir } from '../support/store-fixtures.js';

const embedder = new HashingEmbedder(64);
const base = { embedder, chunkOptions: DEFAULT_CHUNK_OPTIONS };

function generated(i: number): Letter {
  const parsed = parseLetterFile(`gen-${i}.txt`, Buffer.from(generateLetter(500 + i).text));
  if ('reason' in parsed) throw new Error(parsed.reason);
  return parsed;
}

async function currentDir(indexDir: string): Promise<string> {
  return path.join(indexDir, 'builds', (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim());
}

/** Search results by chunk identity, so builds whose rows are in another order compare. */
async function results(index: LoadedIndex, queries: string[]) {
  const sparse = new SparseIndex(index.sparse as NonNullable<LoadedIndex['sparse']>);
  const id = (i: number) => index.chunks[i]?.id;
  const vectors = await Promise.all(queries.map((q) => embedder.embedQuery(q)));
  return queries.map((q, k) => ({
    // The average length is a running one, so rows in another order move its last bits.
    sparse: sparse.query(q, 15).map((h) => [id(h.index), Math.round(h.score * 1e9)]),
    dense: index.nearest(vectors[k] as number[], 15).map((h) => [id(h.index), Math.round(h.score * 1e6)]),
  }));
}

describe('a build that only adds letters', () => {
  it('links the previous segments and writes only the new letter, and reads back as the same index a full build makes', async () => {
    const indexDir = await tempDir('index');
    const seeds = await seedLetters();
    await ensureIndex({ ...base, indexDir, letters: seeds });
    const firstDir = await currentDir(indexDir);
    const before = await stat(path.join(firstDir, 'vectors.i8'));

    const letters = [generated(1), ...seeds];
    const added = await ensureIndex({ ...base, indexDir, letters });
    expect(added).toMatchObject({ action: 'incremental', embeddedLetters: 1, reusedLetters: 2 });
    const dir = await currentDir(indexDir);
    expect(dir).not.toBe(firstDir);
    // The old rows are the same file (a hard link), not a copy; the new letter has its own segment.
    expect((await stat(path.join(dir, 'vectors.i8'))).ino).toBe(before.ino);
    const segments = added.index.manifest.segments ?? [];
    const newRows = added.index.chunks.filter((c) => c.letterId === 'gen-1').length;
    expect(segments.map((s) => s.rows)).toEqual([added.index.chunks.length - newRows, newRows]);
    expect((await readdir(dir)).filter((f) => f.startsWith(`${segments[1]?.name}.`)).sort()).toEqual(
      ['chunks.json', 'scales.f32', 'sparse.bin', 'vectors.i8'].map((f) => `${segments[1]?.name}.${f}`),
    );

    const live = await loadLiveIndex(indexDir);
    await expectCompleteIndex(live, letters, embedder, DEFAULT_CHUNK_OPTIONS);
    expect(live.chunks).toEqual(added.index.chunks);
    expect(Array.from(live.vectors)).toEqual(Array.from(added.index.vectors));

    const full = await ensureIndex({ ...base, indexDir: await tempDir('index'), letters });
    expect(full.action).toBe('full');
    const queries = ['How are caseloads?', 'care leavers personal advisers', 'management oversight'];
    expect(await results(live, queries)).toEqual(await results(full.index, queries));
  });

  it('links bitmap-column codes too (a sparse embedding), and the appended index searches like a full build', async () => {
    const wide = new HashingEmbedder(4096);
    const indexDir = await tempDir('index');
    const seeds = await seedLetters();
    await ensureIndex({ embedder: wide, chunkOptions: DEFAULT_CHUNK_OPTIONS, indexDir, letters: seeds });
    const firstDir = await currentDir(indexDir);
    expect(await readdir(firstDir)).toContain('vectors.i8b');
    const before = await stat(path.join(firstDir, 'vectors.i8b'));
    const letters = [generated(2), ...seeds];
    const added = await ensureIndex({ embedder: wide, chunkOptions: DEFAULT_CHUNK_OPTIONS, indexDir, letters });
    expect(added.action).toBe('incremental');
    const dir = await currentDir(indexDir);
    expect((await stat(path.join(dir, 'vectors.i8b'))).ino).toBe(before.ino);
    const segment = added.index.manifest.segments?.[1]?.name;
    expect((await readdir(dir)).filter((f) => f.startsWith(`${segment}.vectors`))).toEqual([`${segment}.vectors.i8b`]);

    const live = await loadLiveIndex(indexDir);
    const full = await ensureIndex({ embedder: wide, chunkOptions: DEFAULT_CHUNK_OPTIONS, indexDir: await tempDir('index'), letters });
    for (const q of ['How are caseloads?', 'care leavers personal advisers']) {
      const v = await wide.embedQuery(q);
      const ids = (index: LoadedIndex) => index.nearest(v, 10).map((h) => index.chunks[h.index]?.id);
      expect(ids(live)).toEqual(ids(full.index));
    }
  });

  it('writes the build whole again, as one segment, when a letter changes or goes, or the segments grow too many', async () => {
    const indexDir = await tempDir('index');
    const seeds = await seedLetters();
    let letters: Letter[] = [...seeds];
    await ensureIndex({ ...base, indexDir, letters });
    for (let i = 0; i < 16; i++) {
      letters = [...letters, generated(i)];
      const r = await ensureIndex({ ...base, indexDir, letters });
      expect(r.embeddedLetters).toBe(1);
      const segments = r.index.manifest.segments;
      // 15 appended segments beside the first; the 16th append rewrites everything as one.
      if (i < 15) expect(segments).toHaveLength(i + 2);
      else expect(segments).toBeUndefined();
    }
    await expectCompleteIndex(await loadLiveIndex(indexDir), letters, embedder, DEFAULT_CHUNK_OPTIONS);

    letters = [...letters, generated(99)];
    expect((await ensureIndex({ ...base, indexDir, letters })).index.manifest.segments).toHaveLength(2);
    letters = letters.filter((l) => l.id !== 'gen-3');
    const removed = await ensureIndex({ ...base, indexDir, letters });
    expect(removed).toMatchObject({ action: 'incremental', removedLetters: 1 });
    expect(removed.index.manifest.segments).toBeUndefined();
    expect((await readdir(await currentDir(indexDir))).sort()).toEqual(['chunks.json', 'manifest.json', 'scales.f32', 'sparse.bin', 'vectors.i8']);
    await expectCompleteIndex(await loadLiveIndex(indexDir), letters, embedder, DEFAULT_CHUNK_OPTIONS);
  });
});

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import type { Letter } from '../../src/corpus/letter.js';
import { parseLetterFile } from '../../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { ensureIndex } from '../../src/store/build-index.js';
import { embedBatch, termsOf } from '../../src/store/embed-batch.js';
import type { ProgressEvent } from '../../src/store/embed-letters.js';
import { indexTerms } from '../../src/text/analyze.js';
import { CountingEmbedder } from '../support/counting-embedder.js';
import { loadLiveIndex } from '../support/index-checks.js';
import { generateLetter } from '../support/letter-generator.js';
import { seedLetters, tempDir } from '../support/store-fixtures.js';

const DIMS = 96;
const embedder = new HashingEmbedder(DIMS);
const base = { embedder, chunkOptions: DEFAULT_CHUNK_OPTIONS };

async function someLetters(n: number): Promise<Letter[]> {
  const generated = Array.from({ length: n }, (_, i) => {
    const parsed = parseLetterFile(`gen-${String(i).padStart(3, '0')}.txt`, Buffer.from(generateLetter(500 + i, { longParagraphSentences: i % 5 === 0 ? 30 : 0 }).text));
    if ('reason' in parsed) throw new Error(parsed.reason);
    return parsed;
  });
  return [...(await seedLetters()), ...generated];
}

/** Every file of the live build, the manifest without its clock fields. */
async function buildFiles(indexDir: string): Promise<Map<string, Buffer | object>> {
  const dir = path.join(indexDir, 'builds', (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim());
  const files = new Map<string, Buffer | object>();
  for (const name of (await readdir(dir)).sort()) {
    const bytes = await readFile(path.join(dir, name));
    if (name !== 'manifest.json') files.set(name, bytes);
    else {
      const { createdAt: _created, ...manifest } = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      files.set(name, manifest);
    }
  }
  return files;
}

describe('a build on several threads', () => {
  it('writes the same index, byte for byte, on 1, 2 or 3 threads, with the same progress events', async () => {
    const letters = await someLetters(14);
    const runs: { files: Map<string, Buffer | object>; progress: ProgressEvent[]; logs: string[] }[] = [];
    for (const threads of [1, 2, 3]) {
      const indexDir = await tempDir(`threads-${threads}`);
      const progress: ProgressEvent[] = [];
      const logs: string[] = [];
      const built = await ensureIndex({ ...base, indexDir, letters, parallelism: { threads, minLetters: 1 }, onProgress: (e) => progress.push(e), log: (m) => logs.push(m) });
      expect(built.action).toBe('full');
      runs.push({ files: await buildFiles(indexDir), progress, logs });
    }
    const [one, ...others] = runs;
    if (!one) throw new Error('no runs');
    expect(one.logs).toContain(`embedding ${letters.length} letters on the main thread`);
    expect(others.map((r) => r.logs.find((m) => m.startsWith('embedding')))).toEqual([
      `embedding ${letters.length} letters on 2 threads`,
      `embedding ${letters.length} letters on 3 threads`,
    ]);
    expect([...one.files.keys()]).toEqual(['chunks.json', 'manifest.json', 'scales.f32', 'sparse.bin', 'vectors.i8']);
    expect(one.progress.map((e) => e.done)).toEqual(letters.map((_, i) => i + 1));
    for (const other of others) {
      expect(other.files).toEqual(one.files);
      expect(other.progress).toEqual(one.progress);
    }
  });

  it('adds letters to a threaded build the same as to one built on the main thread', async () => {
    const letters = await someLetters(8);
    const files = [];
    for (const threads of [1, 2]) {
      const indexDir = await tempDir(`append-${threads}`);
      const parallelism = { threads, minLetters: 1 };
      await ensureIndex({ ...base, indexDir, letters: letters.slice(0, 5), parallelism });
      const added = await ensureIndex({ ...base, indexDir, letters, parallelism });
      expect(added).toMatchObject({ action: 'incremental', embeddedLetters: 5 });
      // An appended segment's files are named after the build that wrote it: compare them in order, names aside.
      const index = await loadLiveIndex(indexDir);
      files.push({ chunks: index.chunks, codes: index.matrix.codes, scales: index.matrix.scales, segments: [...(await buildFiles(indexDir)).values()].filter(Buffer.isBuffer) });
    }
    expect(files[1]).toEqual(files[0]);
  });

  it('keeps small builds on the main thread, below minLetters', async () => {
    const letters = await someLetters(3);
    const logs: string[] = [];
    await ensureIndex({ ...base, indexDir: await tempDir('small'), letters, parallelism: { threads: 2, minLetters: 10 }, log: (m) => logs.push(m) });
    expect(logs).toContain(`embedding ${letters.length} letters on the main thread`);
  });

  it('keeps a model embedder on the main thread, calling its embed()', async () => {
    const letters = await someLetters(4);
    const model = new CountingEmbedder(new HashingEmbedder(DIMS), { id: 'model-x' });
    const logs: string[] = [];
    const built = await ensureIndex({ ...base, embedder: model, indexDir: await tempDir('model'), letters, parallelism: { threads: 2, minLetters: 1 }, log: (m) => logs.push(m) });
    expect(logs).toContain(`embedding ${letters.length} letters on the main thread`);
    expect(model.batches.flat()).toHaveLength(built.index.chunks.length);
  });

  it('fails the build with the thread’s reason when a thread dies, and leaves the previous index as it was', async () => {
    const indexDir = await tempDir('crash');
    const letters = await someLetters(6);
    await ensureIndex({ ...base, indexDir, letters: letters.slice(0, 4) });
    const before = await buildFiles(indexDir);
    // A heap too small to load the code in: the thread dies as one out of memory would.
    const rebuild = ensureIndex({ ...base, indexDir, letters: letters.slice(1), parallelism: { threads: 2, minLetters: 1, heapMb: 16 } });
    const failure = await rebuild.then(
      () => null,
      (err: Error) => err.message,
    );
    expect(failure).toMatch(/^index build failed: an indexing thread crashed: .*memory/);
    expect(await buildFiles(indexDir)).toEqual(before);
    expect(await readdir(path.join(indexDir, 'builds'))).toHaveLength(1);
    expect(Object.keys((await loadLiveIndex(indexDir)).manifest.letters)).toEqual(letters.slice(0, 4).map((l) => l.id));
  });
});

describe('embedBatch', () => {
  it('gives the vectors embed() gives and the terms indexTerms() gives', async () => {
    const passages = ['Caseloads in the assessment teams remain too high.', '', 'Children’s plans are reviewed; 40% of visits were late.'];
    const batch = embedBatch(embedder, passages);
    const vectors = await embedder.embed(passages);
    passages.forEach((p, i) => {
      expect(Array.from(batch.vectors.subarray(i * DIMS, (i + 1) * DIMS))).toEqual(vectors[i]);
      expect(termsOf(batch, i)).toEqual(indexTerms(p));
    });
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockTimeoutError } from '../../src/base/lock.js';
import { type ChunkOptions, DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';
import type { Letter } from '../../src/corpus/letter.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { ensureIndex, loadCurrentIndex } from '../../src/store/build-index.js';
import { IndexFiles } from '../../src/store/index-files.js';
import { vectorStoreFor } from '../../src/store/stores.js';
import { STORE_FORMATS } from '../../src/store/vector-store.js';
import { CountingEmbedder } from '../support/counting-embedder.js';
import { expectCompleteIndex, loadLiveIndex } from '../support/index-checks.js';
import { generateLetter } from '../support/letter-generator.js';
import { copySeeds, SEED_2019, useTempDirs } from '../support/temp-corpus.js';

const real = new HashingEmbedder(128);

describe.each(STORE_FORMATS)('index builds (%s store)', (format) => {
  const tempDir = useTempDirs();
  const store = vectorStoreFor(format);

  async function setup() {
    const corpusDir = await tempDir('corpus');
    const indexDir = await tempDir('index');
    await copySeeds(corpusDir);
    const build = async (embedder: Embedder = new CountingEmbedder(real), chunkOptions: ChunkOptions = DEFAULT_CHUNK_OPTIONS, log?: (m: string) => void) => {
      const { letters } = await loadCorpus(corpusDir);
      const result = await ensureIndex({ indexDir, letters, embedder, chunkOptions, store, lockTimeoutMs: 5_000, ...(log ? { log } : {}) });
      return { result, letters, embedder };
    };
    return { corpusDir, indexDir, files: new IndexFiles(indexDir), build };
  }

  const chunkTexts = (l: Letter) => chunkLetter(l.text).chunks.map((c) => l.text.slice(c.start, c.end));

  it('builds in full first, then reuses the same build without rewriting it', async () => {
    const { indexDir, build } = await setup();
    const first = await build();
    expect(first.result.action).toBe('full');
    expect((first.embedder as CountingEmbedder).batches).toHaveLength(2);
    await expectCompleteIndex(first.result.index, first.letters, real, DEFAULT_CHUNK_OPTIONS);

    const buildDir = first.result.index.buildDir as string;
    const buildFiles = await readdir(buildDir);
    expect(buildFiles).toContain('manifest.json');
    const before = await Promise.all(buildFiles.map((f) => stat(path.join(buildDir, f))));
    const current = await readFile(path.join(indexDir, 'CURRENT'), 'utf8');

    const counter = new CountingEmbedder(real);
    const second = await build(counter);
    expect(second.result.action).toBe('reused');
    expect(counter.batches).toEqual([]);
    expect(second.result.index.buildDir).toBe(buildDir);
    expect(await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).toBe(current);
    const after = await Promise.all(buildFiles.map((f) => stat(path.join(buildDir, f))));
    expect(after.map((s) => s.mtimeMs)).toEqual(before.map((s) => s.mtimeMs));
    expect(await readdir(path.join(indexDir, 'builds'))).toEqual([path.basename(buildDir)]);
    await expectCompleteIndex(await loadLiveIndex(indexDir), second.letters, real, DEFAULT_CHUNK_OPTIONS);
  });

  it('re-embeds only the letter that was added, changed or removed', async () => {
    const { corpusDir, build } = await setup();
    await build();

    await writeFile(path.join(corpusDir, 'anytown-2020-01-01.txt'), generateLetter(42, { style: 'pdf' }).text);
    const added = await build();
    const newLetter = added.letters.find((l) => l.id === 'anytown-2020-01-01') as Letter;
    expect(added.result).toMatchObject({ action: 'incremental', embeddedLetters: 1, reusedLetters: 2, removedLetters: 0 });
    expect((added.embedder as CountingEmbedder).batches).toEqual([chunkTexts(newLetter)]);
    await expectCompleteIndex(added.result.index, added.letters, real, DEFAULT_CHUNK_OPTIONS);

    await appendFile(path.join(corpusDir, SEED_2019), '\n\nA postscript paragraph added after publication, about caseloads.\n');
    const changed = await build();
    const changedLetter = changed.letters.find((l) => l.file === SEED_2019) as Letter;
    expect(changed.result).toMatchObject({ action: 'incremental', embeddedLetters: 1, reusedLetters: 2 });
    expect((changed.embedder as CountingEmbedder).batches).toEqual([chunkTexts(changedLetter)]);
    await expectCompleteIndex(changed.result.index, changed.letters, real, DEFAULT_CHUNK_OPTIONS);

    await rm(path.join(corpusDir, 'anytown-2020-01-01.txt'));
    const removed = await build();
    expect(removed.result).toMatchObject({ action: 'incremental', embeddedLetters: 0, reusedLetters: 2, removedLetters: 1 });
    expect((removed.embedder as CountingEmbedder).batches).toEqual([]);
    await expectCompleteIndex(removed.result.index, removed.letters, real, DEFAULT_CHUNK_OPTIONS);
  });

  it('rebuilds everything when the embedder id, its dimensions or the chunk options change', async () => {
    const { build } = await setup();
    await build();
    const renamed = await build(new CountingEmbedder(real, { id: `${real.id}-next` }));
    expect(renamed.result.action).toBe('full');
    expect((renamed.embedder as CountingEmbedder).batches).toHaveLength(2);

    const wider = new HashingEmbedder(256);
    const resized = await build(new CountingEmbedder(wider));
    expect(resized.result.action).toBe('full');
    await expectCompleteIndex(resized.result.index, resized.letters, wider, DEFAULT_CHUNK_OPTIONS);

    const smaller = { maxTokens: 80, minWords: 8 };
    const rechunked = await build(new CountingEmbedder(wider), smaller);
    expect(rechunked.result.action).toBe('full');
    await expectCompleteIndex(rechunked.result.index, rechunked.letters, wider, smaller);
    expect(rechunked.result.index.chunks.length).toBeGreaterThan(resized.result.index.chunks.length);
  });

  type Corruption = [string, (buildDir: string, indexDir: string) => Promise<void>];
  const halve = async (f: string) => truncate(f, Math.floor((await stat(f)).size / 2));
  const storeCorruptions: Record<typeof format, Corruption[]> = {
    vectra: [
      ['index.json truncated', async (d) => halve(path.join(d, 'index.json'))],
      [
        'index.json missing an item',
        async (d) => {
          const data = JSON.parse(await readFile(path.join(d, 'index.json'), 'utf8')) as { items: unknown[] };
          data.items.pop();
          await writeFile(path.join(d, 'index.json'), JSON.stringify(data));
        },
      ],
      ['index.json empty', async (d) => writeFile(path.join(d, 'index.json'), '')],
      [
        'index.json with an item whose metadata is garbled',
        async (d) => {
          const data = JSON.parse(await readFile(path.join(d, 'index.json'), 'utf8')) as { items: { metadata: Record<string, unknown> }[] };
          (data.items[3] as { metadata: Record<string, unknown> }).metadata = { letterId: 7, start: 'x' };
          await writeFile(path.join(d, 'index.json'), JSON.stringify(data));
        },
      ],
    ],
    binary: [
      ['vectors.i8 truncated', async (d) => halve(path.join(d, 'vectors.i8'))],
      ['sparse.bin truncated', async (d) => halve(path.join(d, 'sparse.bin'))],
      [
        'chunks.json missing a chunk',
        async (d) => {
          const table = JSON.parse(await readFile(path.join(d, 'chunks.json'), 'utf8')) as { rows: unknown[] };
          table.rows.splice(-7);
          await writeFile(path.join(d, 'chunks.json'), JSON.stringify(table));
        },
      ],
      ['chunks.json empty', async (d) => writeFile(path.join(d, 'chunks.json'), '')],
      [
        'chunks.json with a chunk whose fields are garbled',
        async (d) => {
          const table = JSON.parse(await readFile(path.join(d, 'chunks.json'), 'utf8')) as { rows: unknown[] };
          table.rows[3 * 7 + 2] = 'x';
          await writeFile(path.join(d, 'chunks.json'), JSON.stringify(table));
        },
      ],
    ],
  };
  const corruptions: Corruption[] = [
    ...storeCorruptions[format],
    ['manifest.json truncated', async (d) => truncate(path.join(d, 'manifest.json'), 40)],
    ['manifest.json of the wrong shape', async (d) => writeFile(path.join(d, 'manifest.json'), '{"version":1,"letters":[]}')],
    ['CURRENT naming a build that is gone', async (d) => rm(d, { recursive: true })],
  ];

  it.each(corruptions)('detects %s and rebuilds instead of crashing', async (_, corrupt) => {
    const { indexDir, files, build } = await setup();
    const first = await build();
    await corrupt(first.result.index.buildDir as string, indexDir);
    expect(await loadCurrentIndex(files)).toBeNull();
    const logged: string[] = [];
    const again = await build(new CountingEmbedder(real), DEFAULT_CHUNK_OPTIONS, (m) => logged.push(m));
    expect(again.result.action).toBe('full');
    expect(logged.join('\n')).toMatch(/unreadable/);
    await expectCompleteIndex(again.result.index, again.letters, real, DEFAULT_CHUNK_OPTIONS);
    await expectCompleteIndex(await loadLiveIndex(indexDir), again.letters, real, DEFAULT_CHUNK_OPTIONS);
  });

  it('keeps the previous index when the embedder throws midway, and the next build clears leftovers', async () => {
    const { corpusDir, indexDir, files, build } = await setup();
    const first = await build();
    const current = await readFile(path.join(indexDir, 'CURRENT'), 'utf8');
    for (const n of [1, 2, 3]) await writeFile(path.join(corpusDir, `gen-${n}.md`), generateLetter(n, { style: 'markdown' }).text);

    const failing = new CountingEmbedder(real, { failOnCall: 2 });
    await expect(build(failing)).rejects.toThrow(/embedder failed on call 2/);
    expect(await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).toBe(current);
    expect(existsSync(files.lockPath)).toBe(false);
    await expectCompleteIndex(await loadLiveIndex(indexDir), first.letters, real, DEFAULT_CHUNK_OPTIONS);

    // What a killed build leaves behind: a staging dir, a temp CURRENT, an unreferenced build.
    await mkdir(path.join(indexDir, '.staging-leftover'), { recursive: true });
    await writeFile(path.join(indexDir, '.staging-leftover', 'index.json'), '{"items":[');
    await writeFile(path.join(indexDir, 'CURRENT.tmp-1-abc'), 'half');
    await mkdir(path.join(indexDir, 'builds', 'orphan'), { recursive: true });
    const next = await build();
    expect(next.result.action).toBe('incremental');
    await expectCompleteIndex(next.result.index, next.letters, real, DEFAULT_CHUNK_OPTIONS);
    expect((await readdir(indexDir)).sort()).toEqual(['CURRENT', 'builds']);
    expect(await readdir(path.join(indexDir, 'builds'))).toEqual([path.basename(next.result.index.buildDir as string)]);
  });

  it('takes over a lock left by a dead process (or one killed before writing it), and waits for a live one', async () => {
    const { indexDir, files, build } = await setup();
    await mkdir(indexDir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid as number;
    await writeFile(files.lockPath, JSON.stringify({ pid: dead, host: hostname(), at: new Date().toISOString() }));
    const taken = await build();
    expect(taken.result.action).toBe('full');
    expect(existsSync(files.lockPath)).toBe(false);

    // Killed between creating the lock and writing its pid: an empty file, a few seconds old.
    await writeFile(files.lockPath, '');
    await utimes(files.lockPath, new Date(Date.now() - 30_000), new Date(Date.now() - 30_000));
    expect((await build()).result.action).toBe('reused');
    expect(existsSync(files.lockPath)).toBe(false);

    await writeFile(files.lockPath, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
    await expect(ensureIndex({ indexDir, letters: taken.letters, embedder: real, chunkOptions: DEFAULT_CHUNK_OPTIONS, lockTimeoutMs: 300 })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    expect(existsSync(files.lockPath)).toBe(true);
  });
});

import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';
import type { Letter } from '../../src/corpus/letter.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { ensureIndex } from '../../src/store/build-index.js';
import { type KillWhen, runChildBuild } from '../support/child-build.js';
import { expectCompleteIndex, loadLiveIndex } from '../support/index-checks.js';
import { generateLetter } from '../support/letter-generator.js';
import { copySeeds } from '../support/temp-corpus.js';

// Big enough that the child spends about a second building, so each kill lands mid-build.
const GENERATED_LETTERS = 40;
const DIMS = 128;
const embedder = new HashingEmbedder(DIMS);

describe('index builds in real processes', () => {
  let root: string;
  let corpusDir: string;
  let pristineIndex: string;
  let oldLetters: Letter[];
  let newLetters: Letter[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'letters-crash-'));
    const oldCorpus = path.join(root, 'old-corpus');
    corpusDir = path.join(root, 'corpus');
    pristineIndex = path.join(root, 'pristine-index');
    for (const dir of [oldCorpus, corpusDir]) {
      await mkdir(dir);
      await copySeeds(dir);
    }
    for (let i = 0; i < GENERATED_LETTERS; i++) await writeFile(path.join(corpusDir, `gen-${String(i).padStart(3, '0')}.txt`), generateLetter(1000 + i).text);
    oldLetters = (await loadCorpus(oldCorpus)).letters;
    newLetters = (await loadCorpus(corpusDir)).letters;
    await ensureIndex({ indexDir: pristineIndex, letters: oldLetters, embedder, chunkOptions: DEFAULT_CHUNK_OPTIONS });
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** The live index is complete: all of the old letters, or all of the new ones, never a mix. */
  async function expectOldOrNew(indexDir: string): Promise<'old' | 'new'> {
    const index = await loadLiveIndex(indexDir);
    const which = Object.keys(index.manifest.letters).length === oldLetters.length ? 'old' : 'new';
    await expectCompleteIndex(index, which === 'old' ? oldLetters : newLetters, embedder, DEFAULT_CHUNK_OPTIONS);
    return which;
  }

  // Kills that land after the embedding loop race the child: on a busy machine it may get
  // further than the trigger (even finish). Whatever happens, the index must be old or new.
  const moments: [string, KillWhen, 'mid-build' | 'late', number][] = [
    ['halfway through embedding', { line: /^progress 20\// }, 'mid-build', 1],
    ['halfway through embedding on 2 threads', { line: /^progress 20\// }, 'mid-build', 2],
    ['while the staging dir is written', { under: '.', appears: (e) => e.some((f) => f.startsWith('.staging-')) }, 'late', 1],
    ['while the staging dir of a 2-thread build is written', { under: '.', appears: (e) => e.some((f) => f.startsWith('.staging-')) }, 'late', 2],
    ['once the new build is renamed into place', { under: 'builds', appears: (e) => e.length > 1 }, 'late', 1],
  ];

  it.each(moments)('SIGKILL %s leaves a complete index that the next start reuses', async (_, killWhen, timing, threads) => {
    const indexDir = path.join(root, `index-${Math.random().toString(36).slice(2)}`);
    await cp(pristineIndex, indexDir, { recursive: true });
    const outcome = await runChildBuild(corpusDir, indexDir, DIMS, killWhen, threads);
    if (timing === 'mid-build' || outcome.signal) expect(outcome, outcome.stderr).toMatchObject({ signal: 'SIGKILL' });
    else expect(outcome.lines.at(-1)).toMatch(/^done /);

    const which = await expectOldOrNew(indexDir);
    if (timing === 'mid-build') expect(which).toBe('old');

    // Start again, as `npm start` would: the dead child's lock is taken over, leftovers go.
    const again = await ensureIndex({ indexDir, letters: oldLetters, embedder, chunkOptions: DEFAULT_CHUNK_OPTIONS, lockTimeoutMs: 5_000 });
    expect(again.action).toBe(which === 'old' ? 'reused' : 'incremental');
    await expectCompleteIndex(again.index, oldLetters, embedder, DEFAULT_CHUNK_OPTIONS);
    expect((await readdir(indexDir)).sort()).toEqual(['CURRENT', 'builds']);
  });

  it('two processes building at once both succeed and leave one complete index', async () => {
    const indexDir = path.join(root, 'index-concurrent');
    const [a, b] = await Promise.all([runChildBuild(corpusDir, indexDir, DIMS), runChildBuild(corpusDir, indexDir, DIMS, undefined, 2)]);
    for (const o of [a, b]) expect(o, o.stderr).toMatchObject({ code: 0, signal: null });
    const results = [a.lines.at(-1), b.lines.at(-1)].sort();
    const chunks = newLetters.reduce((n, l) => n + chunkLetter(l.text).chunks.length, 0);
    expect(results).toEqual([`done full ${chunks}`, `done reused ${chunks}`]);
    expect(await expectOldOrNew(indexDir)).toBe('new');
    expect((await readdir(indexDir)).sort()).toEqual(['CURRENT', 'builds']);
    expect(await readdir(path.join(indexDir, 'builds'))).toHaveLength(1);
  });
});

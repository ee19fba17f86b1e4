import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import type { Letter } from '../../src/corpus/letter.js';
import { TextUnavailableError } from '../../src/corpus/letter-texts.js';
import { loadCorpus, parseLetterFile } from '../../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { checkGold } from '../../src/eval/check-gold.js';
import type { DevQuestion } from '../../src/eval/dev-set.js';
import { EVAL_SUITE, openSuiteCorpora, runSuiteSet, type SetResult, type SuiteCorpora } from '../../src/eval/eval-suite.js';
import type { Snapshot } from '../../src/serving/snapshot.js';
import { embedLetters } from '../../src/store/embed-letters.js';
import { Library } from '../../src/store/library.js';
import { type Backend, pgliteBackend } from '../support/pg-backends.js';

/**
 * The eval over a database-backed library (Postgres on PGlite, texts and chunk records read per
 * letter, as a server with DATABASE_URL reads them) gives what it gives over the same letters in
 * memory: every question's rank, answer and citations, and the same gold problems.
 */
describe('the eval over a database-backed library', () => {
  let backend: Backend;
  let local: SuiteCorpora;
  let database: SuiteCorpora;
  let fresh: () => Promise<Snapshot>;

  beforeAll(async () => {
    backend = pgliteBackend();
    await backend.reset();
    const { letters } = await loadCorpus('corpus');
    // The built-in embedder with its default dimensions, as openEvalSnapshot indexes the seeds.
    const embedder = new HashingEmbedder();
    await backend.build(letters, embedder);
    fresh = async () => {
      const { library, retriever } = await backend.build(letters, embedder);
      return { library, retriever } as Snapshot;
    };
    local = await openSuiteCorpora(null);
    database = { seeds: await fresh(), all: null, real: null };
  }, 120_000);
  afterAll(() => backend?.close());

  it('reads texts only when read ahead, so the eval must read them', async () => {
    const { library } = await fresh();
    expect(library.readsAhead).toBe(true);
    const id = library.letters[0]?.id as string;
    expect(() => library.letter(id)).toThrow(TextUnavailableError);
    expect(() => library.chunksOf(id)).toThrow(TextUnavailableError);
  });

  const perQuestion = (r: SetResult) => r.report.results.map(({ ms: _ms, ...rest }) => rest);

  it.each(EVAL_SUITE.map((s) => s.file))(
    '%s: the same result for every question, and the same figures',
    async (file) => {
      const set = EVAL_SUITE.find((s) => s.file === file);
      if (!set) throw new Error(file);
      const inMemory = await runSuiteSet(set, local);
      const overDb = await runSuiteSet(set, database);
      expect(overDb.report.questions).toBeGreaterThan(10);
      expect(overDb.skipped).toBe(inMemory.skipped);
      expect(perQuestion(overDb)).toEqual(perQuestion(inMemory));
      const { latencyMs: _a, results: _r, ...figures } = overDb.report;
      const { latencyMs: _b, results: _s, ...expected } = inMemory.report;
      expect(figures).toEqual(expected);
      // Something was answered and cited, so the cited letters were read from the database.
      expect(overDb.report.results.some((r) => r.hit && r.citationsValid)).toBe(true);
    },
    60_000,
  );

  it('check-gold finds the same problems, reading the letters from the database', async () => {
    const q = (id: string, phrase: string, letterId: string): DevQuestion => ({ id, question: 'q', kind: 'fact', gold: [{ letterId, phrase }] });
    const set: DevQuestion[] = [
      q('1', 'STAFF   recruitment continues to be a challenge', 'croydon-2019-12-18'),
      q('2', 'recruitment is easy in Croydon', 'croydon-2019-12-18'),
      q('3', 'strengthen this practice further. Staff recruitment', 'croydon-2019-12-18'),
      q('4', 'anything', 'kent-2020-01-01'),
      q('5', 'Pineapple Project', '*'),
      q('6', 'Staff recruitment continues', '*'),
      { id: '6', question: 'q', kind: 'unanswerable', gold: [{ letterId: '*', phrase: 'Croydon' }] },
    ];
    // A library that has read nothing yet: checkGold must read the letters it needs itself.
    const overDb = await checkGold((await fresh()).library, set);
    const inMemory = await checkGold(local.seeds.library, set);
    expect(overDb).toEqual(inMemory);
    expect(overDb.map((p) => p.id)).toEqual(['2', '3', '4', '5', '6', '6']);
  });
});

describe('check-gold over a database-backed library of more letters than it reads at once', () => {
  const backend = pgliteBackend();
  afterAll(() => backend.close());

  it('reads every letter in batches for "any letter" gold, and finds what the in-memory library finds', async () => {
    const seeds = (await loadCorpus('corpus')).letters;
    // Copies of the seeds, each with a closing paragraph of its own: more letters than one read-ahead batch (64).
    const copies = Array.from({ length: 70 }, (_, i): Letter => {
      const base = seeds[i % seeds.length] as Letter;
      const parsed = parseLetterFile(`copy-${String(i).padStart(2, '0')}.md`, Buffer.from(`${base.text}\n\nA closing paragraph that only copy number ${i} has.\n`));
      if ('reason' in parsed) throw new Error(parsed.reason);
      return parsed;
    });
    const letters = [...seeds, ...copies];
    const embedder = new HashingEmbedder(32);
    await backend.reset();
    const { library } = await backend.build(letters, embedder);
    const memory = new Library(letters, await embedLetters(letters, embedder, DEFAULT_CHUNK_OPTIONS));
    // The paragraph of the copy the library lists last (past the first batch): a check on "any letter" must read that far.
    const last = memory.letters.filter((l) => l.id.startsWith('copy-')).at(-1) as Letter;
    expect(memory.letters.indexOf(last)).toBeGreaterThanOrEqual(64);
    const phrase = `only copy number ${last.id.slice('copy-'.length).replace(/^0/, '')} has`;
    const q = (id: string, p: string, letterId = '*'): DevQuestion => ({ id, question: 'q', kind: 'fact', gold: [{ letterId, phrase: p }] });
    const set = [q('1', phrase), q('2', 'Pineapple Project'), q('3', phrase, last.id), q('4', phrase, 'croydon-2019-12-18')];
    const overDb = await checkGold(library, set);
    expect(overDb).toEqual(await checkGold(memory, set));
    expect(overDb.map((p) => p.id)).toEqual(['2', '4']);
  }, 60_000);
});

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../../src/chunk/chunk.js';
import type { Letter } from '../../../src/corpus/letter.js';
import type { Embedder } from '../../../src/embed/embedder.js';
import { HashingEmbedder } from '../../../src/embed/hashing-embedder.js';
import { type Candidate, LocalCandidates } from '../../../src/retrieve/candidate-source.js';
import { PgCandidates } from '../../../src/retrieve/pg/pg-candidates.js';
import { Retriever } from '../../../src/retrieve/retriever.js';
import type { SearchFilters } from '../../../src/retrieve/search-types.js';
import { SparseIndex } from '../../../src/retrieve/sparse-index.js';
import { embedLetters } from '../../../src/store/build-index.js';
import type { ChunkLayout } from '../../../src/store/chunk-layout.js';
import { Library } from '../../../src/store/library.js';
import { currentGeneration } from '../../../src/store/pg/corpus-state.js';
import { ensurePgIndex } from '../../../src/store/pg/ensure-pg-index.js';
import { loadPgState } from '../../../src/store/pg/load-pg-state.js';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../../../src/store/pg/migrations.js';
import { indexTerms } from '../../../src/text/analyze.js';
import { type Backend, pgliteBackend, serverBackend } from '../../support/pg-backends.js';
import { extraLetter, seedLetters } from '../../support/store-fixtures.js';

const embedder = new HashingEmbedder();
const backends: (() => Backend)[] = [pgliteBackend];
if (process.env.PG_TEST_URL) backends.push(() => serverBackend(process.env.PG_TEST_URL as string));

describe.each(backends)('the Postgres store', (make) => {
  const backend = make();
  const db = backend.db as NonNullable<Backend['db']>;
  let letters: Letter[];
  beforeAll(async () => {
    letters = await seedLetters();
  });
  beforeEach(() => backend.reset());
  afterAll(() => backend.close());

  it(`${backend.name}: ranks the dev-set questions exactly as the in-memory store does`, async () => {
    const local = new Retriever(new Library(letters, await embedLetters(letters, embedder, DEFAULT_CHUNK_OPTIONS)), embedder);
    const pg = (await backend.build(letters, embedder)).retriever;
    const questions = (JSON.parse(await readFile('test/eval/dev-set.json', 'utf8')) as { question: string }[]).slice(0, 12).map((q) => q.question);
    const filtered = [{ letterIds: ['croydon-2018-08-02'] }, { from: '2019-01-01' }, { to: '2018-12-31' }];
    // Same paragraphs in the same order; scores equal up to the dense side's rounding (the local
    // store keeps int8 vectors, pgvector float32: a cosine moves by ~0.002, a fused score by < 0.01).
    const top = async (r: Retriever, query: string, f = {}) => (await r.search({ query, k: 5, ...f })).map((h) => ({ at: [h.letterId, h.paragraph], score: h.score }));
    const same = async (query: string, f = {}) => {
      const [a, b] = [await top(pg, query, f), await top(local, query, f)];
      expect(
        a.map((h) => h.at),
        query,
      ).toEqual(b.map((h) => h.at));
      for (const [i, h] of a.entries()) expect(Math.abs(h.score - (b[i]?.score ?? 0)), query).toBeLessThan(0.01);
    };
    for (const q of questions) await same(q);
    for (const f of filtered) await same(questions[0] as string, f);
  });

  /** The in-memory BM25 over the same letters, and the database's, each as chunk id → raw score, best first. */
  const sparseSides = async (built: Awaited<ReturnType<Backend['build']>>) => {
    const index = await embedLetters(letters, embedder, DEFAULT_CHUNK_OPTIONS);
    const library = new Library(letters, index);
    const sparse = new SparseIndex(index.chunks.map((c) => ({ terms: indexTerms(library.letter(c.letterId)?.text.slice(c.start, c.end) ?? ''), section: c.section })));
    const local = new LocalCandidates(library, sparse);
    const served = await loadPgState(db);
    const pg = new PgCandidates(db, served.index.layout as ChunkLayout, served.versions, embedder.id);
    const named = (chunks: readonly { id: string }[], list: Candidate[]) => list.map((c) => ({ id: chunks[c.index]?.id, score: c.score }));
    return async (query: string, filters: SearchFilters = {}, expansion?: ReadonlyMap<string, number>) => ({
      local: named(index.chunks, await local.sparse(query, 50, filters, expansion)),
      pg: named(built.result.index.chunks, await pg.sparse(query, 50, filters, expansion)),
    });
  };
  const sameScores = (sides: { local: { id?: string; score: number }[]; pg: { id?: string; score: number }[] }, what: string) => {
    expect(sides.pg.length, what).toBe(sides.local.length);
    const local = new Map(sides.local.map((h) => [h.id, h.score]));
    for (const [i, h] of sides.pg.entries()) {
      // Equal scores may come in another order; every score is the local one to float rounding.
      expect(Math.abs(h.score - (sides.local[i]?.score ?? Number.NaN)), `${what}: rank ${i}`).toBeLessThan(1e-9 * h.score);
      const mine = local.get(h.id);
      if (mine !== undefined) expect(Math.abs(h.score - mine), `${what}: ${h.id}`).toBeLessThan(1e-9 * h.score);
    }
  };

  it(`${backend.name}: the BM25 scores from the postings equal the in-memory index's, filtered, expanded and with repeated words`, async () => {
    const scores = await sparseSides(await backend.build(letters, embedder));
    const questions = (JSON.parse(await readFile('test/eval/dev-set.json', 'utf8')) as { question: string }[]).map((q) => q.question);
    for (const q of questions.slice(0, 30)) sameScores(await scores(q), q);
    const q = 'caseloads of social workers and the quality of social work practice, social work';
    sameScores(await scores(q, { letterIds: ['croydon-2018-08-02'] }), 'by letter');
    sameScores(await scores(q, { from: '2019-01-01' }), 'from');
    sameScores(await scores(q, { to: '2018-12-31' }), 'to');
    sameScores(await scores(q, { letterIds: ['croydon-2018-08-02'], from: '2019-01-01' }), 'by letter and date');
    sameScores(
      await scores(
        q,
        {},
        new Map([
          ['worker', 0.7],
          ['manag', 0.4],
          ['nosuchterm', 0.9],
        ]),
      ),
      'expanded',
    );
    expect((await scores(q, { from: '2030-01-01' })).pg).toEqual([]);
    expect((await scores('zzzz qqqq')).pg).toEqual([]);
  });

  it(`${backend.name}: migrating a database indexed before the postings table fills it, and the scores equal the in-memory index's`, async () => {
    await backend.build(letters, embedder);
    // The schema as version 3 left it (no letter keys, no postings, GIN indexes on the terms), with its rows.
    await db.query('DROP TABLE postings, retired_postings, retired_chunks, retired_letters');
    await db.query('DROP FUNCTION postings_from_chunks, postings_of_deleted_letters CASCADE');
    await db.query('ALTER TABLE letters DROP COLUMN key, DROP COLUMN chunk_records');
    await db.query('CREATE INDEX chunks_body_terms ON chunks USING gin (body_terms)');
    await db.query(`DELETE FROM schema_migrations WHERE version > 3`);
    const again = await backend.build(letters, embedder);
    expect(again.result.action).toBe('reused');
    expect((await db.query<{ version: number }>('SELECT max(version) AS version FROM schema_migrations')).rows[0]?.version).toBe(SCHEMA_VERSION);
    const scores = await sparseSides(again);
    for (const q of ['staff vacancy rate', 'caseloads and the quality of social work practice']) sameScores(await scores(q), q);
    // Each letter's records, filled in beside its text, are its chunk rows'.
    await again.library.loadTexts(letters.map((l) => l.id));
    for (const l of letters) expect(again.library.chunksOf(l.id)).toEqual(again.result.index.chunks.filter((c) => c.letterId === l.id));
    // New writes keep the migrated table in step.
    await backend.build([...letters, extraLetter(letters[0] as Letter)], embedder);
    expect(await postingsDrift()).toEqual([]);
  });

  it(`${backend.name}: refuses a database whose schema is newer than it knows`, async () => {
    await migrate(db);
    await db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [SCHEMA_VERSION + 1]);
    await expect(migrate(db)).rejects.toThrow(new RegExp(`schema is version ${SCHEMA_VERSION + 1}, newer than`));
    await expect(backend.build(letters, embedder)).rejects.toThrow(/newer than/);
  });

  /** Postings that differ from a recount over the chunks' tsvectors (none when the table is in step). */
  const postingsDrift = async () =>
    (
      await db.query(
        `WITH want AS (
           SELECT x.term, l.key AS letter_key, x.n, sum(x.btf)::int AS body_tf, sum(x.stf)::int AS section_tf, x.bl AS body_len, x.sl AS section_len FROM (
             SELECT c.letter_id, c.n, u.lexeme AS term, array_length(u.positions, 1) AS btf, 0 AS stf, length(c.body_terms) AS bl, length(c.section_terms) AS sl FROM chunks c, unnest(c.body_terms) u
             UNION ALL SELECT c.letter_id, c.n, u.lexeme, 0, array_length(u.positions, 1), length(c.body_terms), length(c.section_terms) FROM chunks c, unnest(c.section_terms) u) x
           JOIN letters l ON l.id = x.letter_id GROUP BY x.term, l.key, x.n, x.bl, x.sl),
         have AS (SELECT term, letter_key, n, body_tf::int, section_tf::int, body_len, section_len FROM postings)
         (SELECT 'missing' AS drift, * FROM (SELECT * FROM want EXCEPT SELECT * FROM have) m)
         UNION ALL (SELECT 'extra', * FROM (SELECT * FROM have EXCEPT SELECT * FROM want) e)`,
      )
    ).rows;

  it(`${backend.name}: keeps the term statistics and the postings equal to a recount through adds, changes and removals, and bumps the generation on each write`, async () => {
    const recount = async () => ({
      terms: (
        await db.query<{ term: string; body_df: number; section_df: number; body_kind_df: number }>(
          `SELECT term, sum(b)::int AS body_df, sum(s)::int AS section_df, sum(bk)::int AS body_kind_df FROM (
             SELECT u.lexeme AS term, 1 AS b, 0 AS s, (c.kind = 'body')::int AS bk FROM chunks c, unnest(c.body_terms) u
             UNION ALL SELECT u.lexeme, 0, 1, 0 FROM chunks c, unnest(c.section_terms) u) x GROUP BY term ORDER BY term`,
        )
      ).rows,
      totals: (
        await db.query(
          `SELECT count(*)::int AS chunks, (count(*) FILTER (WHERE kind = 'body'))::int AS body_chunks,
                  coalesce(sum(length(body_terms)), 0)::int AS body_length, coalesce(sum(length(section_terms)), 0)::int AS section_length FROM chunks`,
        )
      ).rows[0],
    });
    const kept = async () => ({
      terms: (await db.query('SELECT term, body_df, section_df, body_kind_df FROM term_stats ORDER BY term')).rows,
      totals: (await db.query('SELECT chunks, body_chunks, body_length::int AS body_length, section_length::int AS section_length FROM corpus_state')).rows[0],
    });
    const [a, b] = letters as [Letter, Letter];
    await backend.build([a], embedder);
    const g1 = await currentGeneration(db);
    expect(await kept()).toEqual(await recount());
    expect(await postingsDrift()).toEqual([]);
    await backend.build([a, b, extraLetter(a)], embedder);
    const g2 = await currentGeneration(db);
    expect(g2).toBeGreaterThan(g1);
    expect(await kept()).toEqual(await recount());
    expect(await postingsDrift()).toEqual([]);
    await backend.build([b], embedder);
    expect(await currentGeneration(db)).toBeGreaterThan(g2);
    const after = await kept();
    expect(after).toEqual(await recount());
    expect(await postingsDrift()).toEqual([]);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM postings')).rows[0]?.n).toBeGreaterThan(0);
    expect((after.totals as { chunks: number }).chunks).toBeGreaterThan(0);
    await backend.build([b], embedder);
    expect(await kept()).toEqual(after);
    expect(await postingsDrift()).toEqual([]);
  });

  it(`${backend.name}: migrations are versioned and idempotent`, async () => {
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it(`${backend.name}: keeps what each letter says about itself beside it, and brings it up to date without re-embedding`, async () => {
    await backend.build(letters, embedder);
    const stored = async () =>
      (await db.query<{ id: string; kind: string | null; place: string | null; metadata: Record<string, unknown> }>('SELECT id, kind, place, metadata FROM letters ORDER BY id'))
        .rows;
    const first = await stored();
    expect(first.map((r) => [r.id, r.kind, r.place])).toEqual(letters.map((l) => [l.id, l.kind, l.place]).sort());
    for (const l of letters) expect(first.find((r) => r.id === l.id)?.metadata).toMatchObject({ authority: l.authority, date: l.date, inspectors: l.inspectors });
    // As if the rows were written by an older version that read fewer fields.
    await db.query(`UPDATE letters SET kind = NULL, place = NULL, metadata = '{}'::jsonb`);
    const again = await backend.build(letters, embedder);
    expect(again.result).toMatchObject({ action: 'reused', embeddedLetters: 0 });
    expect((await stored()).map((r) => [r.id, r.kind, r.place, r.metadata.authority])).toEqual(letters.map((l) => [l.id, l.kind, l.place, l.authority]).sort());
  });

  it(`${backend.name}: never answers a dense query for another embedder's index`, async () => {
    await backend.build(letters, embedder);
    const { index, versions } = await loadPgState(db);
    const q = await embedder.embedQuery('staff vacancy rate');
    expect((await new PgCandidates(db, index.layout as ChunkLayout, versions, embedder.id).dense(q, 5, {})).length).toBe(5);
    expect(await new PgCandidates(db, index.layout as ChunkLayout, versions, 'some-other-embedder').dense(q, 5, {})).toEqual([]);
  });

  it(`${backend.name}: a rebuild that fails half way leaves the previous index whole`, async () => {
    const { result } = await backend.build(letters, embedder);
    let calls = 0;
    const failing: Embedder = {
      id: 'failing-embedder',
      dimensions: 16,
      embed: async (texts) => {
        if (++calls > 1) throw new Error('embedding service went away');
        return texts.map(() => Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : 0)));
      },
      embedQuery: async () => Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : 0)),
    };
    await expect(ensurePgIndex({ db, letters, embedder: failing, chunkOptions: DEFAULT_CHUNK_OPTIONS })).rejects.toThrow(/went away/);
    const again = await backend.build(letters, embedder);
    expect(again.result.action).toBe('reused');
    expect(again.result.index.chunks.length).toBe(result.index.chunks.length);
  });

  it(`${backend.name}: indexers started together are serialised: one builds, the other reuses`, async () => {
    const options = { db, letters, embedder, chunkOptions: DEFAULT_CHUNK_OPTIONS };
    const [a, b] = await Promise.all([ensurePgIndex(options), ensurePgIndex(options)]);
    expect([a.action, b.action].sort()).toEqual(['full', 'reused']);
    expect(b.index.chunks.map((c) => c.id)).toEqual(a.index.chunks.map((c) => c.id));
    const { rows } = await db.query<{ letters: number; chunks: number }>('SELECT (SELECT count(*)::int FROM letters) AS letters, (SELECT count(*)::int FROM chunks) AS chunks');
    expect(rows[0]).toEqual({ letters: letters.length, chunks: a.index.chunks.length });
  });
});

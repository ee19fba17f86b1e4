import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type ServerProcess, spawnServer, within } from '../../../scripts/harness/server-process.js';
import { DEFAULT_CHUNK_OPTIONS } from '../../../src/chunk/chunk.js';
import { parseLetterFile } from '../../../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../../../src/embed/hashing-embedder.js';
import { CHANGE_CHANNEL } from '../../../src/store/pg/corpus-state.js';
import type { Db } from '../../../src/store/pg/db.js';
import { checkPgIndex } from '../../../src/store/pg/ensure-pg-index.js';
import { letterRows, writeLetter } from '../../../src/store/pg/letter-rows.js';
import { createPoolDb, UNANSWERED_GRACE_MS } from '../../../src/store/pg/pool-db.js';
import { type PgServer, postgresOrSkip, startPgServer } from '../../support/pg-server.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';

/**
 * The deployment the Postgres store is for, over the wire: one real PostgreSQL with pgvector
 * (a throwaway cluster of .ci/postgres), two app server processes with no corpus folder, and
 * indexer processes beside them. Server A reaches Postgres through a TCP hop the tests can stall.
 */
const TOKEN = 'multi-server-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const NEW_LETTER = 'harrow-2021-03-04';
const NEW_TEXT = `# Monitoring visit to Harrow children's services

Dear Ms Example

This letter summarises the findings of the monitoring visit to Harrow children's services on 2 and 3 March 2021.

The borough has recruited fourteen new approved mental health professionals this winter, and caseloads in the assessment team have fallen to eighteen children per social worker.

Yours sincerely

Jane Example
Her Majesty's Inspector
`;
const QUESTION = 'How many approved mental health professionals has Harrow recruited?';
const STATEMENT_TIMEOUT_MS = 3000;

interface Citation {
  letterId: string;
  start: number;
  end: number;
  quote: string;
}

const enabled = postgresOrSkip('the multi-server Postgres tests');

// Processes start, index and stop here: on a loaded 2-core machine one step can take a while.
describe.skipIf(!enabled)('several app servers on one PostgreSQL', { timeout: 120_000 }, () => {
  let pg: PgServer;
  let proxy: TcpProxy;
  let db: Db;
  let work: string;
  let a: ServerProcess;
  let b: ServerProcess;
  let urlA = '';
  let urlB = '';
  const serverEnv = () => ({
    DATABASE_URL: pg.url,
    DATABASE_SSL: 'off',
    DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    CORPUS_DIR: '',
    INDEX_DIR: path.join(work, 'no-index'),
    EMBEDDING_DIMENSIONS: '256',
    API_TOKEN: TOKEN,
    RATE_LIMIT_PER_MINUTE: '0',
  });

  beforeAll(async () => {
    pg = await startPgServer();
    db = createPoolDb({ url: pg.url, poolSize: 2, statementTimeoutMs: 10_000, ssl: 'off', warn: () => {} });
    work = await mkdtemp(path.join(tmpdir(), 'letters-multi-'));
    proxy = await startTcpProxy(pg.url);
    a = spawnServer({ ...serverEnv(), DATABASE_URL: proxy.url });
    b = spawnServer(serverEnv());
    [urlA, urlB] = await within(Promise.all([a.ready, b.ready]), 90_000, 'both servers start');
  }, 120_000);

  afterAll(async () => {
    for (const s of [a, b]) {
      s?.child.kill('SIGKILL');
      await s?.exited;
    }
    await db?.close().catch(() => {});
    await proxy?.close();
    await pg?.destroy();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const ask = async (url: string, question = QUESTION) => {
    const res = await fetch(`${url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ question }) });
    return { status: res.status, body: (await res.json()) as { citations?: Citation[]; error?: { code: string; message: string } } };
  };
  const cites = async (url: string, letterId: string) => ((await ask(url)).body.citations ?? []).filter((c) => c.letterId === letterId);
  /** Polls until check() holds; returns the milliseconds it took. */
  const until = async (what: string, check: () => Promise<boolean>, ms: number) => {
    const started = performance.now();
    while (!(await check())) {
      if (performance.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return performance.now() - started;
  };
  const upload = (url: string, name: string, text: string, headers: Record<string, string> = auth) => {
    const form = new FormData();
    form.append('file', new File([text], name, { type: 'text/markdown' }));
    return fetch(`${url}/api/letters`, { method: 'POST', headers, body: form });
  };
  const letterCount = async (url: string) => ((await (await fetch(`${url}/healthz`)).json()) as { letters: number }).letters;

  it('start with an empty database and no corpus folder; a letter uploaded through A is answered by B within 2 s, with a citation that verifies against B', async () => {
    expect(a.lines.join('\n')).not.toMatch(/skipped|corpus/i);
    expect(await letterCount(urlA)).toBe(0);
    expect((await upload(urlA, `${NEW_LETTER}.md`, NEW_TEXT, {})).status).toBe(401);

    const res = await upload(urlA, `${NEW_LETTER}.md`, NEW_TEXT);
    expect(res.status).toBe(201);
    const ms = await until('B cites the new letter', async () => (await cites(urlB, NEW_LETTER)).length > 0, 2000);
    expect(ms).toBeLessThan(2000);

    const [citation] = await cites(urlB, NEW_LETTER);
    expect(citation?.quote).toMatch(/fourteen new approved mental health professionals/);
    const letter = (await (await fetch(`${urlB}/api/letters/${NEW_LETTER}`, { headers: auth })).json()) as { text: string };
    expect(citation?.quote).toBe(letter.text.slice(citation?.start, citation?.end));
    expect(letter.text).toBe(NEW_TEXT);
    const verified = await fetch(`${urlB}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ citations: [citation] }),
    });
    expect(((await verified.json()) as { valid: boolean }).valid).toBe(true);
  });

  it('a letter replaced by another process: until B has heard of it, B answers from the version it serves (questions, letter page, verify), then takes the new one in within 2 s', async () => {
    const replacement = NEW_TEXT.replace('fourteen new', 'sixteen new').replace(
      'Yours sincerely',
      'Leaders have also opened a second residential home for disabled children.\n\nYours sincerely',
    );
    const parsed = parseLetterFile(`${NEW_LETTER}.md`, Buffer.from(replacement));
    if ('reason' in parsed) throw new Error(parsed.reason);
    const embedder = new HashingEmbedder(256);
    const rows = await letterRows(parsed, embedder, DEFAULT_CHUNK_OPTIONS);
    // The write an indexer makes, committed, but with its NOTIFY not yet heard: the generation moves, B does not know.
    await db.transaction(async (tx) => {
      await checkPgIndex(tx, embedder, DEFAULT_CHUNK_OPTIONS);
      await writeLetter(tx, rows);
      await tx.query('UPDATE corpus_state SET generation = generation + 1');
      await tx.query('UPDATE retired_letters SET retired_generation = (SELECT generation FROM corpus_state) WHERE retired_generation IS NULL');
    });
    const versions = [NEW_TEXT, replacement];
    const servedBy = async (url: string) => {
      const page = await fetch(`${url}/api/letters/${NEW_LETTER}`, { headers: auth });
      expect(page.status).toBe(200);
      const version = versions.indexOf(((await page.json()) as { text: string }).text);
      const asked = await ask(url);
      expect(asked.status).toBe(200);
      const scoped = await fetch(`${url}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ question: QUESTION, letterIds: [NEW_LETTER] }),
      });
      expect(scoped.status).toBe(200);
      const citations = [...(asked.body.citations ?? []), ...((await scoped.json()) as { citations: Citation[] }).citations].filter((c) => c.letterId === NEW_LETTER);
      expect(citations.length).toBeGreaterThan(0);
      const verified = await fetch(`${url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ citations }) });
      expect(await verified.json()).toMatchObject({ valid: true });
      return { version, quotes: citations.map((c) => c.quote).join(' ') };
    };
    for (const url of [urlA, urlB]) {
      const before = await servedBy(url);
      expect(before.version).toBe(0);
      expect(before.quotes).toMatch(/fourteen new approved mental health professionals/);
    }
    // The notification arrives: both take the new version in, answering every request meanwhile
    // (a request may straddle the swap, so its citations are checked once the page shows the new text).
    const generation = (await db.query<{ g: string }>('SELECT generation AS g FROM corpus_state')).rows[0]?.g as string;
    await db.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, generation]);
    const statuses: number[] = [];
    for (const url of [urlA, urlB]) {
      const ms = await until(
        `${url} serves the replacement`,
        async () => {
          const [page, asked] = await Promise.all([fetch(`${url}/api/letters/${NEW_LETTER}`, { headers: auth }), ask(url)]);
          statuses.push(page.status, asked.status);
          return page.status === 200 && versions.indexOf(((await page.json()) as { text: string }).text) === 1;
        },
        2000,
      );
      expect(ms).toBeLessThan(2000);
      const after = await servedBy(url);
      expect(after.version).toBe(1);
      expect(after.quotes).toMatch(/sixteen new approved mental health professionals/);
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('a letter deleted through A (token required) is no longer cited by B', async () => {
    expect((await fetch(`${urlA}/api/letters/${NEW_LETTER}`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${urlA}/api/letters/no-such-letter`, { method: 'DELETE', headers: auth })).status).toBe(404);
    const res = await fetch(`${urlA}/api/letters/${NEW_LETTER}`, { method: 'DELETE', headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ deleted: NEW_LETTER });
    // B cites the version it serves (kept for it) until it has taken the delete in; then the letter is gone from its answers and its list.
    const gone = async () => (await fetch(`${urlB}/api/letters/${NEW_LETTER}`, { headers: auth })).status === 404;
    await until('B stops citing the deleted letter and no longer has it', async () => (await cites(urlB, NEW_LETTER)).length === 0 && (await gone()), 2000);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks')).rows[0]?.n).toBe(0);
  });

  const indexer = (corpusDir: string, env: Record<string, string> = {}) =>
    spawn(process.execPath, ['--import', 'tsx', 'src/cli/index-cli.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...serverEnv(), CORPUS_DIR: corpusDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const finished = (child: ChildProcess) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code, out }));
    });
  const seedCorpus = async () => {
    const dir = path.join(work, 'corpus');
    await mkdir(dir, { recursive: true });
    for (const f of ['croydon-2018-08-02.txt', 'croydon-2019-12-18.md']) await copyFile(path.join(REPO_ROOT, 'corpus', f), path.join(dir, f));
    return dir;
  };
  const consistent = async () => {
    const stats = await db.query('SELECT term, body_df, section_df FROM term_stats ORDER BY term');
    const recount = await db.query(
      `SELECT term, sum(b)::int AS body_df, sum(s)::int AS section_df FROM (
         SELECT u.lexeme AS term, 1 AS b, 0 AS s FROM chunks c, unnest(c.body_terms) u
         UNION ALL SELECT u.lexeme, 0, 1 FROM chunks c, unnest(c.section_terms) u) x GROUP BY term ORDER BY term`,
    );
    expect(stats.rows).toEqual(recount.rows);
    const letters = await db.query<{ id: string; chunk_count: number; n: number }>(
      'SELECT l.id, l.chunk_count, (SELECT count(*)::int FROM chunks c WHERE c.letter_id = l.id) AS n FROM letters l ORDER BY l.id',
    );
    for (const l of letters.rows) expect(l.n, l.id).toBe(l.chunk_count);
    return letters.rows.map((l) => l.id);
  };

  it('two indexers at once: one waits for the other (advisory lock), the database ends consistent, and both servers serve the result', async () => {
    const corpus = await seedCorpus();
    const runs = await Promise.all([finished(indexer(corpus)), finished(indexer(corpus))]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const actions = runs.map((r) => /index (full|incremental|reused):/.exec(r.out)?.[1]).sort();
    expect(actions).toEqual(['incremental', 'reused']);
    expect(await consistent()).toEqual(['croydon-2018-08-02', 'croydon-2019-12-18']);
    for (const url of [urlA, urlB]) await until(`${url} serves the indexed letters`, async () => (await letterCount(url)) === 2, 2000);
  });

  it('a server started on a filled database reads no letter text and no chunk record at start; it answers with citations that verify, serves letter pages, the timeline and /v1 from texts it reads on demand, and refuses a text changed behind its back', async () => {
    const c = spawnServer(serverEnv());
    try {
      const urlC = await within(c.ready, 90_000, 'server C starts');
      const health = async () => (await (await fetch(`${urlC}/healthz`)).json()) as { letters: number; chunks: number; textsInMemory: number; chunksInMemory: number };
      const atStart = await health();
      expect(atStart).toMatchObject({ letters: 2, textsInMemory: 0, chunksInMemory: 0 });
      // The paragraphs it serves are counted without reading them.
      const paragraphs = new Map(
        ((await (await fetch(`${urlC}/api/letters`, { headers: auth })).json()) as { letters: { id: string; paragraphs: number }[] }).letters.map((l) => [l.id, l.paragraphs]),
      );
      expect([...paragraphs.values()].reduce((a, b) => a + b, 0)).toBe(atStart.chunks);
      expect(await db.query<{ id: string; n: number }>('SELECT letter_id AS id, count(*)::int AS n FROM chunks GROUP BY letter_id ORDER BY letter_id').then((r) => r.rows)).toEqual(
        [...paragraphs].map(([id, n]) => ({ id, n })).sort((a, b) => a.id.localeCompare(b.id)),
      );
      expect((await health()).chunksInMemory).toBe(0);

      // A text that no longer matches the hash C indexed (written without a NOTIFY, so C does not reload) is refused, not quoted.
      const letterId = 'croydon-2018-08-02';
      await db.query(`UPDATE letters SET body = body || ' (edited)' WHERE id = $1`, [letterId]);
      try {
        const refused = await fetch(`${urlC}/api/letters/${letterId}`, { headers: auth });
        expect(refused.status).toBe(503);
        expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
          code: 'not_ready',
          message: expect.stringMatching(/changed in the database/),
        });
        const streamedWhileChanged = await fetch(`${urlC}/api/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...auth },
          body: JSON.stringify({ question: 'What did inspectors find about social workers caseloads?', letterIds: [letterId] }),
        });
        expect(await streamedWhileChanged.text()).toMatch(/event: error\ndata: \{"code":"not_ready","message":".*changed in the database/);
      } finally {
        await db.query(`UPDATE letters SET body = left(body, length(body) - length(' (edited)')) WHERE id = $1`, [letterId]);
      }
      expect(await health()).toMatchObject({ textsInMemory: 0, chunksInMemory: 0 });

      // A question about one letter reads that letter's text and chunk records only, and cites it verifiably.
      const other = 'croydon-2019-12-18';
      const scoped = await fetch(`${urlC}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ question: 'What did inspectors find about social workers caseloads?', letterIds: [other] }),
      });
      expect(scoped.status).toBe(200);
      const scopedCitations = ((await scoped.json()) as { citations: Citation[] }).citations;
      expect(scopedCitations.length).toBeGreaterThan(0);
      expect(scopedCitations.every((c) => c.letterId === other)).toBe(true);
      expect(await health()).toMatchObject({ textsInMemory: 1, chunksInMemory: paragraphs.get(other) });
      expect(paragraphs.get(other)).toBeLessThan(atStart.chunks);
      const scopedVerified = await fetch(`${urlC}/api/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ citations: scopedCitations }),
      });
      expect(await scopedVerified.json()).toMatchObject({ valid: true });

      const { status, body } = await ask(urlC, 'What did inspectors find about social workers caseloads?');
      expect(status).toBe(200);
      const citations = body.citations ?? [];
      expect(citations.length).toBeGreaterThan(0);
      const read = (await health()).textsInMemory;
      expect(read).toBeGreaterThan(0);
      expect(read).toBeLessThanOrEqual(2);
      // Each letter held comes with its chunk records, and only those.
      expect((await health()).chunksInMemory).toBe(read === 2 ? atStart.chunks : paragraphs.get(other));
      for (const citation of citations) {
        const letter = (await (await fetch(`${urlC}/api/letters/${citation.letterId}`, { headers: auth })).json()) as { text: string };
        expect(citation.quote).toBe(letter.text.slice(citation.start, citation.end));
        expect((await fetch(`${urlC}/letters/${citation.letterId}`)).status).toBe(200);
      }
      const verified = await fetch(`${urlC}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ citations }) });
      expect(await verified.json()).toMatchObject({ valid: true });

      const search = (await (await fetch(`${urlC}/api/search?q=caseloads&k=3`, { headers: auth })).json()) as { results: { text: string }[] };
      expect(search.results[0]?.text).toMatch(/caseload/i);
      const timeline = (await (await fetch(`${urlC}/api/timeline?q=caseloads`, { headers: auth })).json()) as { letters: { letterId: string; judgement: unknown }[] };
      expect(timeline.letters.map((l) => l.letterId)).toEqual(['croydon-2018-08-02', 'croydon-2019-12-18']);
      const streamed = await fetch(`${urlC}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...auth },
        body: JSON.stringify({ question: 'What is the staff vacancy rate?' }),
      });
      expect(await streamed.text()).toMatch(/event: done[\s\S]*"found":true/);
      const chat = await fetch(`${urlC}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ model: 'letters-assistant', messages: [{ role: 'user', content: 'What did inspectors find about social workers caseloads?' }] }),
      });
      expect(chat.status).toBe(200);
      expect(((await chat.json()) as { citations: unknown[] }).citations.length).toBeGreaterThan(0);
    } finally {
      c.child.kill('SIGKILL');
      await c.exited;
    }
  });

  it('an indexer killed with SIGKILL mid-transaction leaves the last committed state, which both servers keep answering from', async () => {
    // A rebuild (another embedding size) writes every letter in one transaction: many letters make it last.
    const big = path.join(work, 'big-corpus');
    await mkdir(big, { recursive: true });
    const seed = await readFile(path.join(REPO_ROOT, 'corpus', 'croydon-2019-12-18.md'), 'utf8');
    for (let i = 0; i < 120; i++) await writeFile(path.join(big, `copy-${String(i).padStart(3, '0')}-2019-12-18.md`), `${seed}\n\nCopy number ${i} of the letter.\n`);
    const child = indexer(big, { EMBEDDING_DIMENSIONS: '128' });
    const done = finished(child);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await until('the rebuild is under way', async () => /\[10\/120\]/.test(out), 60_000);
    child.kill('SIGKILL');
    expect((await done).code).toBeNull();

    expect(await consistent()).toEqual(['croydon-2018-08-02', 'croydon-2019-12-18']);
    expect((await db.query<{ dimensions: number }>('SELECT dimensions FROM index_meta')).rows[0]?.dimensions).toBe(256);
    for (const url of [urlA, urlB]) {
      expect(await letterCount(url)).toBe(2);
      const { status, body } = await ask(url, 'What did inspectors find about social workers caseloads?');
      expect(status).toBe(200);
      expect(body.citations?.length).toBeGreaterThan(0);
    }
    // The dead session's advisory lock went with it: the next indexer runs at once.
    const next = await finished(indexer(await seedCorpus()));
    expect(next.code).toBe(0);
    expect(next.out).toMatch(/index reused:/);
  });

  it('`npm run ingest` with DATABASE_URL and no corpus folder writes the database, and both servers answer from it', async () => {
    const file = path.join(work, 'brent-2022-05-06.md');
    await writeFile(file, NEW_TEXT.replaceAll('Harrow', 'Brent').replace('fourteen new approved mental health professionals', 'nine new family support workers'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest-cli.ts', file], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...serverEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { code, out } = await finished(child);
    expect(code, out).toBe(0);
    expect(out).toMatch(/added\s+brent-2022-05-06/);
    expect(out).toMatch(/written to the database;/);
    for (const url of [urlA, urlB]) {
      await until(
        `${url} cites the ingested letter`,
        async () => {
          const { body } = await ask(url, 'How many new family support workers has Brent recruited?');
          return (body.citations ?? []).some((c) => c.letterId === 'brent-2022-05-06' && /nine new family support workers/.test(c.quote));
        },
        2000,
      );
    }
  });

  it('with the database stopped both answer 503 quickly and /healthz says db: down; started again, both recover without a restart and hear changes again', async () => {
    await pg.stop();
    for (const url of [urlA, urlB]) {
      const started = performance.now();
      const { status, body } = await ask(url);
      expect(status).toBe(503);
      expect(body.error?.code).toBe('database_unavailable');
      expect(performance.now() - started).toBeLessThan(3000);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ ok: false, db: 'down' });
    }
    await pg.start();
    for (const url of [urlA, urlB]) {
      await until(`${url} answers again`, async () => (await ask(url)).status === 200, 10_000);
      expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true, db: 'up' });
    }
    // Both listen again: a letter uploaded through B reaches A.
    await until(
      'the listeners are back',
      async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query ILIKE 'LISTEN%'`)).rows[0]?.n === 2,
      10_000,
    );
    expect((await upload(urlB, `${NEW_LETTER}.md`, NEW_TEXT)).status).toBe(201);
    await until('A cites the letter uploaded through B', async () => (await cites(urlA, NEW_LETTER)).length > 0, 2000);
  });
  it('when the network to Postgres stalls, A answers 503 within the statement timeout (plus its grace) and /healthz says db: down, while B answers; restored, A recovers', async () => {
    expect((await ask(urlA)).status).toBe(200);
    // A loaded machine's scheduling on top of the bound the server promises.
    const bound = STATEMENT_TIMEOUT_MS + UNANSWERED_GRACE_MS + 1500;
    proxy.hang();
    try {
      for (const request of [() => ask(urlA), async () => ({ status: (await fetch(`${urlA}/api/search?q=caseloads`, { headers: auth })).status, body: {} })]) {
        const started = performance.now();
        const { status } = await request();
        expect(status).toBe(503);
        expect(performance.now() - started).toBeLessThan(bound);
      }
      const started = performance.now();
      const health = await fetch(`${urlA}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ db: 'down' });
      expect(performance.now() - started).toBeLessThan(bound);
      expect((await ask(urlB)).status).toBe(200);
    } finally {
      proxy.restore();
    }
    await until('A answers again', async () => (await ask(urlA)).status === 200, 10_000);
    expect(await (await fetch(`${urlA}/healthz`)).json()).toMatchObject({ ok: true, db: 'up' });
  });
});

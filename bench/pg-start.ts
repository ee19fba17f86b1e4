/**
 * What a stateless app server (DATABASE_URL set, CORPUS_DIR empty) spends its start on, against
 * a real PostgreSQL with pgvector: `tsx bench/pg-start.ts --letters 1000 --cluster DIR`.
 * Builds the synthetic corpus into the cluster in DIR the first time (a .ci/postgres cluster, kept
 * so a second run measures the same database), then times, each several times: spawn → /healthz
 * 200 of a real server process, and the reads a start makes (the index's layout from the letters'
 * rows, the term statistics), beside what it no longer reads (every chunk record, every letter's
 * text), and a first question's reads of its letters' texts and chunk records. Figures, not asserts.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnServer } from '../scripts/harness/server-process.js';
import { loadConfig } from '../src/compose/config.js';
import { openLibrary, readDatabase } from '../src/compose/open-library.js';
import { createEmbedder } from '../src/embed/create-embedder.js';
import type { Queryable } from '../src/store/pg/db.js';
import { readIndex, readIndexLayout } from '../src/store/pg/ensure-pg-index.js';
import { createPoolDb } from '../src/store/pg/pool-db.js';
import { readSeedMaterial } from './seed-material.js';
import { writeSyntheticCorpus } from './synthetic-corpus.js';

const { values } = parseArgs({ options: { letters: { type: 'string', default: '1000' }, cluster: { type: 'string' }, runs: { type: 'string', default: '3' } } });
const LETTERS = Number(values.letters);
const RUNS = Number(values.runs);
const cluster = values.cluster ?? path.join(tmpdir(), `pg-start-${LETTERS}`);
const script = path.resolve(import.meta.dirname, '../.ci/postgres');
const url = execFileSync('bash', [script, 'start', cluster], { encoding: 'utf8' }).trim();
const env = { OPENAI_API_KEY: '', EMBEDDING_MODEL: '', RATE_LIMIT_PER_MINUTE: '0', CORPUS_WATCH: 'false', DATABASE_URL: url, DATABASE_SSL: 'off' };
const db = createPoolDb({ url, poolSize: 2, statementTimeoutMs: 600_000, ssl: 'off' });

const count = async (sql: string) => Number((await db.query<{ n: string }>(sql).catch(() => ({ rows: [{ n: '0' }] }))).rows[0]?.n ?? 0);
if ((await count('SELECT count(*) AS n FROM letters')) !== LETTERS) {
  const work = await mkdtemp(path.join(tmpdir(), 'pg-start-corpus-'));
  chmodSync(work, 0o755);
  const config = loadConfig({ ...process.env, ...env, CORPUS_DIR: path.join(work, 'corpus'), INDEX_DIR: path.join(work, 'index') });
  await writeSyntheticCorpus(config.CORPUS_DIR, await readSeedMaterial('corpus'), 1, LETTERS);
  const embedder = await createEmbedder({ embeddingModel: undefined, openaiApiKey: undefined, builtinDimensions: config.EMBEDDING_DIMENSIONS });
  const t = performance.now();
  await openLibrary(config, embedder, { log: () => {}, db });
  console.log(`built ${LETTERS} letters into Postgres in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await rm(work, { recursive: true, force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const timed = async (run: () => Promise<unknown>) => {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return median(times);
};
const rows = (sql: string) => () => db.transaction((tx: Queryable) => tx.query(sql));

const config = loadConfig({ ...process.env, ...env, CORPUS_DIR: '' });
const embedder = await createEmbedder({ embeddingModel: undefined, openaiApiKey: undefined, builtinDimensions: config.EMBEDDING_DIMENSIONS });
const reads = {
  'readDatabase (all a start reads)': await timed(() => readDatabase(config, embedder, db)),
  'index layout, no chunk record (readIndexLayout)': await timed(() => db.transaction((tx) => readIndexLayout(tx))),
  'every chunk record (readIndex; not read at start)': await timed(() => db.transaction((tx) => readIndex(tx))),
  'letter rows with text (not read at start)': await timed(rows('SELECT id, file, sha256, body, metadata FROM letters ORDER BY id')),
  'letter rows without text': await timed(rows('SELECT id, file, sha256, metadata FROM letters ORDER BY id')),
  'term statistics': await timed(rows('SELECT term, body_df, body_kind_df FROM term_stats WHERE body_df > 0')),
};
const sizes = {
  'letter text, MB': (await count('SELECT sum(octet_length(body)) AS n FROM letters')) / 1e6,
  'letter metadata (JSON), MB': (await count('SELECT sum(octet_length(metadata::text)) AS n FROM letters')) / 1e6,
  'chunk records': await count('SELECT count(*) AS n FROM chunks'),
  'term_stats rows': await count('SELECT count(*) AS n FROM term_stats'),
};
await db.close();

const starts: number[] = [];
/** A first question right after the start: what it costs, and what it leaves in memory. */
const FIRST_QUESTION = 'What did inspectors find about social workers caseloads?';
const firstAnswers: number[] = [];
let held: { chunks?: number; textsInMemory?: number; chunksInMemory?: number; cited?: number } = {};
/** main()'s own "ready in N ms": the start less Node's and the TypeScript loader's. */
const inside: number[] = [];
let rss = '';
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const server = spawnServer({ ...env, CORPUS_DIR: '', INDEX_DIR: path.join(tmpdir(), 'pg-start-no-index') });
  const base = await server.ready;
  while ((await fetch(`${base}/healthz`).catch(() => null))?.status !== 200) await new Promise((r) => setTimeout(r, 20));
  starts.push(performance.now() - t);
  inside.push(Number(/ready in (\d+) ms/.exec(server.lines.join('\n'))?.[1]));
  const q = performance.now();
  const answer = await fetch(`${base}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: FIRST_QUESTION }) });
  if (answer.status !== 200) throw new Error(`the first question answered ${answer.status}`);
  const cited = ((await answer.json()) as { citations?: unknown[] }).citations?.length ?? 0;
  firstAnswers.push(performance.now() - q);
  held = { ...((await (await fetch(`${base}/healthz`)).json()) as typeof held), cited };
  rss = execFileSync('ps', ['-o', 'rss=', '-p', String(server.child.pid)], { encoding: 'utf8' }).trim();
  server.child.kill('SIGTERM');
  await server.exited;
}
execFileSync('bash', [script, 'stop', cluster]);

console.log(
  `stateless start, ${LETTERS} letters (median of ${RUNS}): spawn → /healthz 200 ${median(starts).toFixed(0)} ms (runs: ${starts.map((s) => s.toFixed(0)).join(', ')}; main() ready in ${median(inside)} ms), RSS after start ${(Number(rss) / 1024).toFixed(0)} MB`,
);
console.log(
  `  first answer after the start ${median(firstAnswers).toFixed(0)} ms (runs: ${firstAnswers.map((s) => s.toFixed(0)).join(', ')}); ${held.cited} citations; then in memory: ${held.textsInMemory} letter texts, ${held.chunksInMemory ?? '(not reported: every)'} of ${held.chunks} chunk records`,
);
for (const [what, ms] of Object.entries(reads)) console.log(`  ${what.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms`);
for (const [what, n] of Object.entries(sizes)) console.log(`  ${what.padEnd(52)} ${Number.isInteger(n) ? n : n.toFixed(1)}`);

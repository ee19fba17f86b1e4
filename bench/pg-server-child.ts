/**
 * Run by the benchmark (--pg-server) in a fresh process per corpus size, against a real
 * PostgreSQL with pgvector (BENCH_PG_URL, a throwaway cluster run-bench started): the synthetic
 * corpus indexed into it by `npm run index`'s path, then a stateless server (CORPUS_DIR empty:
 * everything read from the database) started and timed, and /api/search and offline /api/answer
 * timed through app.request() beside the local store (index/ in memory) on the same letters and
 * questions. One JSON line.
 */
import { buildServer } from '../src/compose/build-server.js';
import { loadConfig } from '../src/compose/config.js';
import { openLibrary } from '../src/compose/open-library.js';
import { createEmbedder } from '../src/embed/create-embedder.js';
import { createPoolDb } from '../src/store/pg/pool-db.js';
import { type Percentiles, percentiles } from './floors.js';
import { benchQuestions } from './queries.js';
import { readSeedMaterial } from './seed-material.js';
import { writeSyntheticCorpus } from './synthetic-corpus.js';

const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const LETTERS = Number(process.env.BENCH_LETTERS);
const url = process.env.BENCH_PG_URL as string;
const env = { ...process.env, OPENAI_API_KEY: '', EMBEDDING_MODEL: '', RATE_LIMIT_PER_MINUTE: '0', CORPUS_WATCH: 'false', DATABASE_URL: url, DATABASE_SSL: 'off' };
const config = loadConfig(env);
const embedder = await createEmbedder({ embeddingModel: undefined, openaiApiKey: undefined, builtinDimensions: config.EMBEDDING_DIMENSIONS });
await writeSyntheticCorpus(config.CORPUS_DIR, await readSeedMaterial('corpus'), SEED, LETTERS);

const db = createPoolDb({ url, poolSize: config.DATABASE_POOL_SIZE, statementTimeoutMs: 600_000, ssl: 'off' });
let t = performance.now();
await openLibrary(config, embedder, { log: () => {}, db });
const buildMs = performance.now() - t;

// What a second app server does at start: no corpus folder, the database as it is.
t = performance.now();
const pgServer = await buildServer(loadConfig({ ...env, CORPUS_DIR: '' }), { embedder, db });
const statelessStartMs = performance.now() - t;
const local = await buildServer(loadConfig({ ...env, DATABASE_URL: '' }), { embedder, db: null });

const questions = await benchQuestions('test/eval/dev-set.json', LETTERS, QUERIES, SEED);
type Side = 'pgSearch' | 'pgAnswer' | 'localSearch' | 'localAnswer';
const times: Record<Side, number[]> = { pgSearch: [], pgAnswer: [], localSearch: [], localAnswer: [] };
const ok = async (res: Response | Promise<Response>) => {
  const r = await res;
  if (r.status !== 200) throw new Error(`answered ${r.status}: ${await r.text()}`);
  return r.json();
};
const search = (app: typeof local.app, q: string) => ok(app.request(`/api/search?q=${encodeURIComponent(q)}&k=10`));
const answer = (app: typeof local.app, q: string) =>
  ok(app.request('/api/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: q }) }));
const timed = async (side: Side, run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  times[side].push(performance.now() - t0);
};
for (const q of questions.slice(0, 10)) await Promise.all([search(pgServer.app, q), search(local.app, q)]);
// Interleaved, so both sides see the same machine load.
for (const q of questions) {
  await timed('pgSearch', () => search(pgServer.app, q));
  await timed('localSearch', () => search(local.app, q));
  await timed('pgAnswer', () => answer(pgServer.app, q));
  await timed('localAnswer', () => answer(local.app, q));
}
const chunks = pgServer.live.current().library.chunkCount;
await pgServer.close();
await local.close();
await db.close();

const figures: Record<string, number | Percentiles> = { letters: LETTERS, chunks, buildMs, statelessStartMs, questions: questions.length };
for (const [side, list] of Object.entries(times)) figures[side] = percentiles(list);
console.log(JSON.stringify({ ...figures, maxRssMB: process.resourceUsage().maxRSS / 1024 }));

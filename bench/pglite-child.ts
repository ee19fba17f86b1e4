/**
 * Run by the benchmark (--pglite) in a fresh process per corpus size: the same corpus indexed
 * into Postgres (PGlite, in-process, data on disk) instead of index/: full build, incremental add
 * of one letter, then /api/search timed through app.request() and each side's SQL on its own,
 * and how many questions rank their top 10 exactly as the in-memory store does. One JSON line.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { DEFAULT_CHUNK_OPTIONS } from '../src/chunk/chunk.js';
import { buildServer } from '../src/compose/build-server.js';
import { loadConfig } from '../src/compose/config.js';
import { openLibrary } from '../src/compose/open-library.js';
import type { Letter } from '../src/corpus/letter.js';
import { createEmbedder } from '../src/embed/create-embedder.js';
import type { PgCandidates } from '../src/retrieve/pg/pg-candidates.js';
import { Retriever } from '../src/retrieve/retriever.js';
import { snapshotOf } from '../src/serving/snapshot.js';
import { embedLetters } from '../src/store/build-index.js';
import { Library } from '../src/store/library.js';
import { pgliteDb } from '../src/store/pg/pglite-db.js';
import { directoryBytes } from './disk-usage.js';
import { percentiles } from './floors.js';
import { benchQuestions } from './queries.js';
import { readSeedMaterial } from './seed-material.js';
import { writeSyntheticCorpus } from './synthetic-corpus.js';

const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const SEED = Number(process.env.BENCH_SEED ?? 1);
// Offline answers, and no rate limit: every request of the run is measured.
const config = loadConfig({
  ...process.env,
  OPENAI_API_KEY: '',
  EMBEDDING_MODEL: '',
  RATE_LIMIT_PER_MINUTE: '0',
  MODEL_RATE_LIMIT_PER_MINUTE: '0',
  UPLOAD_RATE_LIMIT_PER_MINUTE: '0',
});
const embedder = await createEmbedder({ embeddingModel: undefined, openaiApiKey: undefined, builtinDimensions: config.EMBEDDING_DIMENSIONS });
// Its own corpus of BENCH_LETTERS letters (the same letters the other phases use) and its own data directory.
const LETTERS = Number(process.env.BENCH_LETTERS);
const material = await readSeedMaterial('corpus');
await writeSyntheticCorpus(config.CORPUS_DIR, material, SEED, LETTERS);
const dataDir = process.env.BENCH_PG_DIR as string;
await mkdir(dataDir, { recursive: true });
let t = performance.now();
const db = pgliteDb(new PGlite(dataDir, { extensions: { vector } }));
await db.query('SELECT 1');
// PGlite's own start (WebAssembly, initdb): a server would already be running.
const startMs = performance.now() - t;
t = performance.now();
await openLibrary(config, embedder, { log: () => {}, db });
const buildMs = performance.now() - t;
await writeSyntheticCorpus(config.CORPUS_DIR, material, SEED, LETTERS + 1, LETTERS);
t = performance.now();
const { library, build, candidates: pgCandidates } = await openLibrary(config, embedder, { log: () => {}, db });
const incrementalMs = performance.now() - t;
if (build.action !== 'incremental' || build.embeddedLetters !== 1) throw new Error(`expected an incremental build of one letter, got ${build.action}`);

const snapshot = snapshotOf(library, embedder, pgCandidates);
const { app } = await buildServer(config, { snapshot });
const pg = snapshot.retriever;
// The database gives texts only when asked ahead (a batch, then copied out before the next evicts it).
const texts: Letter[] = [];
for (let i = 0; i < library.letters.length; i += 500) {
  const batch = library.letters.slice(i, i + 500).map((l) => l.id);
  await library.loadTexts(batch);
  for (const id of batch) texts.push(library.letter(id) as Letter);
}
const local = new Retriever(new Library(texts, await embedLetters(texts, embedder, DEFAULT_CHUNK_OPTIONS)), embedder);
const candidates = pgCandidates as PgCandidates;
const questions = await benchQuestions('test/eval/dev-set.json', library.letters.length, QUERIES, SEED);
const vectors = await Promise.all(questions.map((q) => embedder.embedQuery(q, (f) => pg.stats.idf(f))));

const times: Record<'search' | 'sparseSql' | 'denseSql', number[]> = { search: [], sparseSql: [], denseSql: [] };
const timed = async (name: keyof typeof times, run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  times[name].push(performance.now() - t0);
};
for (let i = 0; i < Math.min(10, questions.length); i++) await app.request(`/api/search?q=${encodeURIComponent(questions[i] as string)}&k=10`);
// Synthetic letters repeat whole paragraphs, so equal BM25 scores are common: ties come back in
// another order (memory keeps index order, SQL orders by chunk id), which moves their RRF credit
// too; HNSW is approximate. Count identical lists, and lists with identical fused scores.
let sameTop10 = 0;
let sameScores = 0;
for (let i = 0; i < questions.length; i++) {
  const q = questions[i] as string;
  await timed('search', async () => {
    const res = await app.request(`/api/search?q=${encodeURIComponent(q)}&k=10`);
    if (res.status !== 200) throw new Error(`/api/search answered ${res.status}`);
    await res.json();
  });
  await timed('sparseSql', () => candidates.sparse(q, 50, {}));
  await timed('denseSql', () => candidates.dense(vectors[i] as number[], 50, {}));
  const [a, b] = [await pg.search({ query: q, k: 10 }), await local.search({ query: q, k: 10 })];
  if (a.map((h) => `${h.letterId}#${h.paragraph}`).join() === b.map((h) => `${h.letterId}#${h.paragraph}`).join()) sameTop10++;
  if (a.map((h) => h.score).join() === b.map((h) => h.score).join()) sameScores++;
}
await db.close();

console.log(
  JSON.stringify({
    letters: LETTERS,
    chunks: library.chunkCount,
    startMs,
    buildMs,
    incrementalMs,
    dbBytes: await directoryBytes(dataDir),
    search: percentiles(times.search),
    sparseSql: percentiles(times.sparseSql),
    denseSql: percentiles(times.denseSql),
    sameTop10,
    sameScores,
    questions: questions.length,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);

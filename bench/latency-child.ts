/**
 * Run by the benchmark in a fresh process per corpus size: opens the (already built) index,
 * then times /api/search and offline /api/answer in-process through app.request(), and the two
 * floors over the very same data: brute-force cosine over the chunks' float32 vectors and the
 * sparse index alone. Prints one JSON line.
 */

import { buildServer } from '../src/compose/build-server.js';
import { loadConfig } from '../src/compose/config.js';
import { openLibrary } from '../src/compose/open-library.js';
import { createEmbedder } from '../src/embed/create-embedder.js';
import { SparseIndex } from '../src/retrieve/sparse-index.js';
import { snapshotOf } from '../src/serving/snapshot.js';
import { TWO_STAGE } from '../src/store/dense-scan.js';
import { indexTerms } from '../src/text/analyze.js';
import { bruteForceTopK, percentiles } from './floors.js';
import { minisearchIndex } from './minisearch-floor.js';
import { benchQuestions } from './queries.js';
import { uniqueCode } from './synthetic-letter.js';

const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const CANDIDATES = 50;

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
let t = performance.now();
const { library } = await openLibrary(config, embedder, { log: () => {} });
const openMs = performance.now() - t;
t = performance.now();
const snapshot = snapshotOf(library, embedder);
const retrieverMs = performance.now() - t;
const { retriever } = snapshot;
const { app } = await buildServer(config, { snapshot });
// BENCH_PLACES ("Kent|Bolton|…"): the real corpus's authorities, else the synthetic corpus's places.
const places = process.env.BENCH_PLACES ? process.env.BENCH_PLACES.split('|') : undefined;
const questions = await benchQuestions('test/eval/dev-set.json', library.letters.length, QUERIES, Number(process.env.BENCH_SEED ?? 1), places);

async function ok(res: Response | Promise<Response>): Promise<unknown> {
  const r = await res;
  if (r.status !== 200) throw new Error(`${r.url} answered ${r.status}: ${await r.text()}`);
  return r.json();
}
// Counted so a run that is fast because it finds nothing shows it.
const outcomes = { searchesWithHits: 0, searches: 0, answersWithCitations: 0, answers: 0 };
const search = async (q: string) => {
  const body = (await ok(app.request(`/api/search?q=${encodeURIComponent(q)}&k=10`))) as { results: unknown[] };
  outcomes.searches++;
  if (body.results.length > 0) outcomes.searchesWithHits++;
};
const answer = async (q: string) => {
  const body = (await ok(app.request('/api/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: q }) }))) as {
    citations: unknown[];
  };
  outcomes.answers++;
  if (body.citations.length > 0) outcomes.answersWithCitations++;
};

const dims = library.index.dimensions;
const idf = (f: string) => retriever.stats.idf(f);
const vectors = await Promise.all(questions.map(async (q) => Float32Array.from(await embedder.embedQuery(q, idf))));

// The float32 vectors the int8 index approximates, embedded again from the texts: the brute-force
// floor scans them, and the int8 top-10 is checked against their exact top-10.
const chunks = library.index.chunks;
const floatRows = new Float32Array(chunks.length * dims);
for (let from = 0; from < chunks.length; from += 512) {
  const batch = chunks.slice(from, from + 512);
  const embedded = await embedder.embed(batch.map((c) => retriever.chunkText(c)));
  embedded.forEach((v, k) => {
    floatRows.set(v, (from + k) * dims);
  });
}
let agree = 0;
for (const q of vectors) {
  const exact = new Set(bruteForceTopK(floatRows, dims, q, 10));
  agree += library.index.nearest(q, 10).filter((h) => exact.has(h.index)).length / Math.max(1, exact.size);
}
const int8Top10Agreement = agree / vectors.length;

// The two-stage dense scan (src/store/dense-scan.ts) against the full int8 scan: share of the full scan's top 50 it returns.
const fullScanOf = (q: Float32Array) => {
  const minRows = TWO_STAGE.minRows;
  TWO_STAGE.minRows = Number.POSITIVE_INFINITY;
  try {
    return library.index.nearest(q, CANDIDATES);
  } finally {
    TWO_STAGE.minRows = minRows;
  }
};
let stageAgree = 0;
for (const q of vectors) {
  const full = new Set(fullScanOf(q).map((h) => h.index));
  stageAgree += library.index.nearest(q, CANDIDATES).filter((h) => full.has(h.index)).length / Math.max(1, full.size);
}
const twoStageTop50Agreement = stageAgree / vectors.length;

// Each sampled letter's own code (bench/synthetic-letter.ts), searched over HTTP: its letter must come first.
const codeLetters = library.letters.filter((l) => /-\d+$/.test(l.id)).filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 200)) === 0);
let codeFirst = 0;
for (const l of codeLetters) {
  const code = uniqueCode(Number(l.id.split('-').at(-1)));
  const body = (await ok(app.request(`/api/search?q=${encodeURIComponent(code)}&k=1`))) as { results: { letterId: string }[] };
  if (body.results[0]?.letterId === l.id) codeFirst++;
}
const uniqueCodeFirst = { found: codeFirst, searched: codeLetters.length };
t = performance.now();
const sparseIndex = new SparseIndex(library.index.chunks.map((c) => ({ terms: indexTerms(retriever.chunkText(c)), section: c.section })));
const sparseBuildMs = performance.now() - t;

// The sparse index as it was before (minisearch), timed beside ours when asked (--minisearch): slow at 10k.
const minisearch = process.env.BENCH_MINISEARCH === '1' ? minisearchIndex(library.index.chunks.map((c) => ({ text: retriever.chunkText(c), section: c.section }))) : null;

const paths = {
  search: (i: number) => search(questions[i] as string),
  answer: (i: number) => answer(questions[i] as string),
  embedQuery: (i: number) => embedder.embedQuery(questions[i] as string, idf),
  denseFloor: (i: number) => bruteForceTopK(floatRows, dims, vectors[i] as Float32Array, CANDIDATES),
  sparseFloor: (i: number) => sparseIndex.query(questions[i] as string, CANDIDATES),
  ...(minisearch ? { minisearch: (i: number) => minisearch.query(questions[i] as string, CANDIDATES) } : {}),
};
type Path = keyof typeof paths | 'minisearch';
const times: Record<Path, number[]> = { search: [], answer: [], embedQuery: [], denseFloor: [], sparseFloor: [], minisearch: [] };
const cpu: Record<Path, number[]> = { search: [], answer: [], embedQuery: [], denseFloor: [], sparseFloor: [], minisearch: [] };
// Warm up the JIT on every path, then time them interleaved, question by question, so ours and the
// floors run under the same machine load (other processes on a shared machine move all of them).
for (let i = 0; i < Math.min(20, questions.length); i++) for (const p of Object.values(paths)) await p(i);
Object.assign(outcomes, { searchesWithHits: 0, searches: 0, answersWithCitations: 0, answers: 0 });
for (let i = 0; i < questions.length; i++) {
  for (const [name, run] of Object.entries(paths) as [Path, (i: number) => unknown][]) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run(i);
    times[name].push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[name].push((c.user + c.system) / 1000);
  }
}
const bothFloorMs = times.denseFloor.map((d, i) => d + (times.sparseFloor[i] as number));

console.log(
  JSON.stringify({
    letters: library.letters.length,
    chunks: library.index.chunks.length,
    openMs,
    retrieverMs,
    sparseBuildMs,
    search: percentiles(times.search),
    answer: percentiles(times.answer),
    embedQuery: percentiles(times.embedQuery),
    denseFloor: percentiles(times.denseFloor),
    sparseFloor: percentiles(times.sparseFloor),
    bothFloor: percentiles(bothFloorMs),
    minisearch: minisearch ? { buildMs: minisearch.buildMs, ...percentiles(times.minisearch) } : null,
    // CPU time of the same calls: what they cost when the machine is shared (wall time then includes waiting).
    cpu: Object.fromEntries(
      Object.entries(cpu)
        .filter(([, v]) => v.length)
        .map(([k, v]) => [k, percentiles(v)]),
    ),
    outcomes,
    int8Top10Agreement,
    twoStageTop50Agreement,
    uniqueCodeFirst,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);

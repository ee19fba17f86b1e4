import { rm } from 'node:fs/promises';
import path from 'node:path';
import { runChild } from './child.js';
import { directoryBytes } from './disk-usage.js';
import type { Percentiles } from './floors.js';
import { benchQuestions } from './queries.js';
import type { SeedMaterial } from './seed-material.js';
import { type ServerRun, timeServerStart } from './server-process.js';
import { writeSyntheticCorpus } from './synthetic-corpus.js';

export interface BuildFigures {
  action: string;
  letters: number;
  chunks: number;
  embeddedLetters: number;
  corpusMs: number;
  indexMs: number;
  /** CPU time of the index step (absent in older runs). */
  indexCpuMs?: number;
  totalMs: number;
  maxRssMB: number;
}

export interface LatencyFigures {
  letters: number;
  chunks: number;
  openMs: number;
  retrieverMs: number;
  sparseBuildMs: number;
  search: Percentiles;
  answer: Percentiles;
  embedQuery: Percentiles;
  denseFloor: Percentiles;
  sparseFloor: Percentiles;
  bothFloor: Percentiles;
  minisearch: (Percentiles & { buildMs: number }) | null;
  cpu: Record<string, Percentiles>;
  /** Absent in runs saved before it was recorded. */
  outcomes?: { searchesWithHits: number; searches: number; answersWithCitations: number; answers: number };
  /** Share of the float32 exact top-10 the int8 index returns, averaged over the questions (absent before int8). */
  int8Top10Agreement?: number;
  /** Share of the full int8 scan's top 50 the two-stage dense scan returns (absent before it). */
  twoStageTop50Agreement?: number;
  /** Letters whose own code, searched, gives that letter first (absent before the codes). */
  uniqueCodeFirst?: { found: number; searched: number };
  maxRssMB: number;
}

export interface SizeResult {
  letters: number;
  chunks: number;
  build: BuildFigures;
  indexBytes: number;
  cold: ServerRun | null;
  warm: ServerRun;
  latency: LatencyFigures;
  incremental: BuildFigures;
}

export interface SizeOptions {
  workDir: string;
  seed: number;
  queries: number;
  store: string;
  skipCold: boolean;
  minisearch: boolean;
  log: (m: string) => void;
}

/** Every figure for one corpus size, each phase in its own process so memory and JIT state are its own. */
export async function measureSize(letters: number, m: SeedMaterial, o: SizeOptions): Promise<SizeResult> {
  const corpusDir = path.join(o.workDir, 'corpus');
  const indexDir = path.join(o.workDir, 'index');
  const serverIndexDir = path.join(o.workDir, 'index-server');
  const env = {
    CORPUS_DIR: corpusDir,
    INDEX_DIR: indexDir,
    INDEX_STORE: o.store,
    BENCH_SEED: String(o.seed),
    BENCH_QUERIES: String(o.queries),
    BENCH_MINISEARCH: o.minisearch ? '1' : '0',
  };
  const probe = 'How are caseloads?';

  o.log(`${letters} letters: generating corpus`);
  // Dated a minute back, as a corpus copied in before it is indexed: a file modified within a
  // second of the build's stamp is read and hashed again at the next start (scan-corpus.ts), which
  // would make the warm start below re-read the whole corpus.
  await writeSyntheticCorpus(corpusDir, m, o.seed, letters, 0, new Date(Date.now() - 60_000));
  o.log(`${letters} letters: building the index`);
  const build = await runChild<BuildFigures>('build-child.ts', env);
  const indexBytes = await directoryBytes(indexDir);

  const timeout = Math.max(120_000, letters * 100);
  let cold: ServerRun | null = null;
  if (!o.skipCold) {
    o.log(`${letters} letters: cold start (empty index dir)`);
    cold = await timeServerStart({ ...env, INDEX_DIR: serverIndexDir }, probe, timeout);
  }
  o.log(`${letters} letters: warm start`);
  const questions = await benchQuestions('test/eval/dev-set.json', letters, 150, o.seed);
  const warm = await timeServerStart({ ...env, INDEX_DIR: o.skipCold ? indexDir : serverIndexDir }, probe, timeout, questions);
  await rm(serverIndexDir, { recursive: true, force: true });

  o.log(`${letters} letters: latency (${o.queries} questions)`);
  const latency = await runChild<LatencyFigures>('latency-child.ts', env);

  o.log(`${letters} letters: incremental add of one letter`);
  await writeSyntheticCorpus(corpusDir, m, o.seed, letters + 1, letters);
  const incremental = await runChild<BuildFigures>('build-child.ts', env);
  if (incremental.action !== 'incremental' || incremental.embeddedLetters !== 1) throw new Error(`expected an incremental build of one letter, got ${JSON.stringify(incremental)}`);

  return { letters, chunks: build.chunks, build, indexBytes, cold, warm, latency, incremental };
}

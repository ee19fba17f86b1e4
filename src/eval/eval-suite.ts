import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Snapshot } from '../serving/snapshot.js';
import { checkGold, GoldParagraphs, needsLettersOutside } from './check-gold.js';
import { type DevQuestion, type Half, loadDevSet } from './dev-set.js';
import { openEvalSnapshot } from './eval-snapshot.js';
import { type RealCorpus, realCorpus } from './real-corpus-cache.js';
import { type EvalReport, reportByHalf, runEval } from './run-eval.js';

/**
 * The question sets `npm run eval` runs and CI gates, and the corpus each is run over.
 * - dev-set-2.json: written from the letters alone, before the answerer was tuned to it; run over
 *   the seeds and the 125 real documents together, and reported per half (halfOf in dev-set.ts).
 * - dev-set.json, holdout-set.json, holdout-set-2.json: the older sets, over the seeds alone, as
 *   regression sets (see test/eval/README.md for what each may still be used for).
 */
export interface SuiteSet {
  file: string;
  corpus: 'seeds' | 'seeds+real';
  split: boolean;
}

export const EVAL_SUITE: readonly SuiteSet[] = [
  { file: 'test/eval/dev-set-2.json', corpus: 'seeds+real', split: true },
  { file: 'test/eval/dev-set.json', corpus: 'seeds', split: false },
  { file: 'test/eval/holdout-set.json', corpus: 'seeds', split: false },
  { file: 'test/eval/holdout-set-2.json', corpus: 'seeds', split: false },
];

export const SEEDS_DIR = 'corpus';

/** ../shared/real-letters beside the repository (REAL_LETTERS_DIR overrides), or null where it is absent. */
export function defaultRealLettersDir(): string | null {
  const dir = process.env.REAL_LETTERS_DIR ?? path.resolve('..', 'shared', 'real-letters');
  return existsSync(dir) ? dir : null;
}

export interface SetResult {
  file: string;
  corpus: SuiteSet['corpus'];
  /** Questions left out because they name real letters that were not loaded. */
  skipped: number;
  report: EvalReport;
  halves?: Record<Half, EvalReport>;
}

export interface SuiteCorpora {
  seeds: Snapshot;
  /** Seeds and real letters together; null when the real letters are absent. */
  all: Snapshot | null;
  real: RealCorpus | null;
}

/** Opens the seeds alone and, when realDir is given, the seeds with the (cached) ingested real letters. */
export async function openSuiteCorpora(realDir: string | null, seedsDir = SEEDS_DIR): Promise<SuiteCorpora> {
  const real = realDir ? await realCorpus(realDir) : null;
  const [seeds, all] = await Promise.all([openEvalSnapshot([seedsDir]), real ? openEvalSnapshot([seedsDir, real.dir]) : null]);
  return { seeds, all, real };
}

/**
 * Runs one set over its corpus. Without the real letters, a set meant for them runs over the
 * seeds, without the questions whose gold is in a real letter (counted in `skipped`).
 */
export async function runSuiteSet(set: SuiteSet, corpora: SuiteCorpora, questions?: DevQuestion[]): Promise<SetResult> {
  let qs = questions ?? (await loadDevSet(set.file));
  const snapshot = set.corpus === 'seeds+real' && corpora.all ? corpora.all : corpora.seeds;
  const before = qs.length;
  // One reader for both checks: each letter is read ahead (a database) and normalised once.
  const paragraphs = new GoldParagraphs(snapshot.library);
  const kept: DevQuestion[] = [];
  for (const q of qs) if (!(await needsLettersOutside(snapshot.library, q, paragraphs))) kept.push(q);
  qs = kept;
  const problems = await checkGold(snapshot.library, qs, paragraphs);
  if (problems.length > 0) throw new Error(`${set.file}: gold that no paragraph holds, fix the set: ${problems.map((p) => `${p.id} ${p.problem}`).join('; ')}`);
  const report = await runEval(snapshot, qs);
  return { file: set.file, corpus: snapshot === corpora.all ? 'seeds+real' : 'seeds', skipped: before - qs.length, report, ...(set.split ? { halves: reportByHalf(report) } : {}) };
}

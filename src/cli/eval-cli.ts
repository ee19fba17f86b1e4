import { errorMessage } from '../base/error-message.js';
import { loadConfig } from '../compose/config.js';
import { openDatabase } from '../compose/database.js';
import { rereadSnapshot } from '../compose/open-library.js';
import { embedderConfig } from '../compose/settings.js';
import { createEmbedder } from '../embed/create-embedder.js';
import { HALVES, halfOf, loadDevSet } from '../eval/dev-set.js';
import { databaseCorpora, defaultRealLettersDir, EVAL_SUITE, openSuiteCorpora, runSuiteSet, type SetResult, type SuiteCorpora, type SuiteSet } from '../eval/eval-suite.js';
import type { EvalReport } from '../eval/run-eval.js';
import { parseCli } from './cli-args.js';

const USAGE = `usage: npm run eval [-- [set.json] [--half tune|measure] [--database] [--verbose] [--json]]
  no set     the whole suite: test/eval/dev-set-2.json over the seeds and the 125 real letters
             (../shared/real-letters, or REAL_LETTERS_DIR; converted once, cached), per half and per
             kind; then the regression sets dev-set.json, holdout-set.json, holdout-set-2.json over the seeds
  set.json   that set alone, over the seeds and the real letters
  --half H   only the questions of that half (odd ids: tune, even ids: measure)
  --database every set over the letters the database of DATABASE_URL holds, read as a server reads it
             (texts and paragraphs per letter; nothing is written), with the configured embedder;
             questions on letters it lacks are skipped
  --verbose  one line per question: its kind, half, the rank of its gold passage, ok or what went wrong
  --json     print every figure (and with --verbose every question's result) as JSON instead of tables`;

/** `npm run eval`: question sets against corpus/ (and the real letters), in memory (index/ untouched), or against the database as it is. */
async function main(): Promise<void> {
  const { values, positionals } = parseCli({
    name: 'eval',
    usage: USAGE,
    options: { verbose: { type: 'boolean' }, json: { type: 'boolean' }, half: { type: 'string' }, database: { type: 'boolean' } },
    positionals: true,
  });
  const half = values.half;
  if (half !== undefined && !HALVES.includes(half as never)) throw new Error(`--half must be tune or measure, got "${half}"`);
  const file = positionals.find((a) => a.endsWith('.json'));
  // One half means the split set(s) only: the old sets have no halves.
  const sets: SuiteSet[] = file ? [{ file, corpus: 'seeds+real', split: true }] : EVAL_SUITE.filter((s) => s.split || !half);

  const started = performance.now();
  const results: SetResult[] = [];
  const runSets = async (corpora: SuiteCorpora) => {
    for (const set of sets) {
      const questions = (await loadDevSet(set.file)).filter((q) => !half || halfOf(q.id) === half);
      results.push(await runSuiteSet(set, corpora, questions));
    }
  };
  let corpora: SuiteCorpora;
  if (values.database) {
    const config = loadConfig();
    const db = openDatabase(config);
    if (!db) throw new Error('--database needs DATABASE_URL');
    try {
      const { snapshot } = await rereadSnapshot(config, await createEmbedder(embedderConfig(config)), db);
      corpora = databaseCorpora(snapshot);
      await runSets(corpora);
    } finally {
      await db.close();
    }
  } else {
    const realDir = defaultRealLettersDir();
    if (!realDir) console.error('eval: ../shared/real-letters not found (set REAL_LETTERS_DIR): questions on real letters are skipped, the rest run over the seeds alone');
    corpora = await openSuiteCorpora(sets.some((s) => s.corpus === 'seeds+real') ? realDir : null);
    await runSets(corpora);
  }
  const totalMs = Math.round(performance.now() - started);

  if (values.json) {
    const strip = (r: EvalReport) => (values.verbose ? r : { ...r, results: undefined });
    const sets = results.map((s) => ({ ...s, report: strip(s.report), halves: s.halves ? { tune: strip(s.halves.tune), measure: strip(s.halves.measure) } : undefined }));
    console.log(JSON.stringify({ realCorpus: corpora.real, ...(corpora.database ? { database: corpora.database } : {}), totalMs, sets }, null, 1));
    return;
  }
  for (const s of results) printSet(s, values.verbose === true, corpora.database);
  const real = corpora.real ? `real letters ${corpora.real.built ? 'converted' : 'from cache'} in ${corpora.real.ms} ms (${corpora.real.dir}); ` : '';
  console.log(`${real}whole run ${totalMs} ms`);
}

function printSet(s: SetResult, verbose: boolean, database: SuiteCorpora['database']): void {
  const skipped = s.skipped ? `; ${s.skipped} questions on ${database ? 'letters the database lacks' : 'real letters'} skipped` : '';
  const over = database ? `the database's ${database.letters} letters` : s.corpus === 'seeds+real' ? 'the seeds and the real letters' : 'the seeds';
  console.log(`\n== ${s.file} over ${over} (${s.report.questions} questions${skipped})`);
  if (verbose) {
    for (const r of s.report.results) {
      const flag = r.kind === 'unanswerable' ? (r.found ? 'FALSE-ANSWER' : 'ok') : !r.found ? 'ABSTAINED' : r.hit ? 'ok' : 'MISS';
      console.log(`${r.id} ${r.kind.padEnd(12)} ${s.halves ? halfOf(r.id).padEnd(8) : ''}rank=${String(r.rank ?? '-').padEnd(3)} ${flag.padEnd(12)} ${r.question}`);
    }
  }
  const halves = s.halves ? Object.entries(s.halves).filter(([, r]) => r.questions > 0) : [];
  const columns: Record<string, EvalReport> =
    halves.length > 1 ? { ...Object.fromEntries(halves), all: s.report } : halves.length === 1 ? Object.fromEntries(halves) : { all: s.report };
  const row = (f: (r: EvalReport) => number) => Object.fromEntries(Object.entries(columns).map(([k, r]) => [k, round(f(r))]));
  console.table({
    questions: row((r) => r.questions),
    'answer hit rate': row((r) => r.answerHitRate),
    'retrieval recall@1': row((r) => r.recallAt1),
    'retrieval recall@5': row((r) => r.recallAt5),
    'retrieval MRR': row((r) => r.mrr),
    'abstention precision': row((r) => r.abstentionPrecision),
    'abstention recall': row((r) => r.abstentionRecall),
    'citation validity': row((r) => r.citationValidity),
    'latency p50 (ms)': row((r) => r.latencyMs.p50),
    'latency p95 (ms)': row((r) => r.latencyMs.p95),
  });
  const kinds: Record<string, Record<string, number | string>> = {};
  for (const [name, r] of Object.entries(columns)) {
    if (name === 'all' && halves.length > 0) continue;
    for (const [kind, k] of Object.entries(r.byKind)) {
      // Hit and rank figures mean nothing for questions without gold.
      const na = (x: number) => (kind === 'unanswerable' ? '-' : round(x));
      kinds[`${kind}${halves.length > 0 ? ` (${name})` : ''}`] = {
        n: k.questions,
        hit: na(k.answerHitRate),
        'R@1': na(k.recallAt1),
        'R@5': na(k.recallAt5),
        MRR: na(k.mrr),
        refused: round(k.refused),
        cited: round(k.citationValidity),
      };
    }
  }
  console.table(kinds);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

main().catch((err: unknown) => {
  console.error(`eval failed: ${errorMessage(err)}`);
  process.exit(1);
});

import { loadDevSet } from '../eval/dev-set.js';
import { runEval } from '../eval/run-eval.js';
import { openSnapshotInMemory } from '../serving/open-in-memory.js';
import { errorMessage } from '../base/error-message.js';

/** `npm run eval [-- --json] [--verbose] [set.json]`: a question set (default the dev set) against corpus/, in memory (index/ untouched). */
async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const snapshot = await openSnapshotInMemory('corpus');
  const report = await runEval(snapshot, await loadDevSet(process.argv.find((a) => a.endsWith('.json')) ?? 'test/eval/dev-set.json'));
  if (args.has('--verbose')) {
    for (const r of report.results) {
      const flag = r.kind === 'unanswerable' ? (r.found ? 'FALSE-ANSWER' : 'ok') : !r.found ? 'ABSTAINED' : r.hit ? 'ok' : 'MISS';
      console.log(`${r.id} ${r.kind.padEnd(12)} rank=${String(r.rank ?? '-').padEnd(3)} ${flag.padEnd(12)} ${r.question}`);
    }
  }
  const { results, ...figures } = report;
  console.table({
    'retrieval recall@1': figures.recallAt1,
    'retrieval recall@5': figures.recallAt5,
    'retrieval MRR': figures.mrr,
    'answer hit rate': figures.answerHitRate,
    'citation validity': figures.citationValidity,
    'abstention precision': figures.abstentionPrecision,
    'abstention recall': figures.abstentionRecall,
    'latency p50 (ms)': figures.latencyMs.p50,
    'latency p95 (ms)': figures.latencyMs.p95,
  });
  console.log(JSON.stringify(args.has('--json') ? report : figures));
}

main().catch((err: unknown) => {
  console.error(`eval failed: ${errorMessage(err)}`);
  process.exit(1);
});

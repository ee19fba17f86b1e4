import { ABSTAIN } from '../src/answer/evidence.js';
import { halfOf, loadDevSet } from '../src/eval/dev-set.js';
import { runEval } from '../src/eval/run-eval.js';
import { openSnapshotInMemory } from '../src/serving/open-in-memory.js';

const snap = await openSnapshotInMemory('/tmp/allc');
const set = (await loadDevSet('test/eval/dev-set-2.json')).filter((q) => halfOf(q.id) === (process.env.HALF ?? 'tune'));
const rows: string[] = [];
for (const minC of [0.25, 0.3, 0.34, 0.4, 0.45])
  for (const maxU of [0.3, 0.4, 0.5]) {
    ABSTAIN.minCoverage = minC;
    ABSTAIN.maxUnseen = maxU;
    const r = await runEval(snap, set);
    const k = (kind: string) => r.results.filter((x) => x.kind === kind);
    const ans = r.results.filter((x) => x.kind !== 'unanswerable');
    const un = k('unanswerable');
    const hit = ans.filter((x) => x.hit).length,
      ref = un.filter((x) => !x.found).length;
    rows.push(
      `minC ${minC} maxU ${maxU}: hits ${hit}/${ans.length} para ${k('paraphrase').filter((x) => x.hit).length}/${k('paraphrase').length} fact ${k('fact').filter((x) => x.hit).length}/${k('fact').length} refused ${ref}/${un.length} total ${hit + ref}`,
    );
    console.log(rows.at(-1));
  }

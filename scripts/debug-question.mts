// Prints the evidence behind one answer: ranked paragraphs, question terms, top sentences.
import { gatherEvidence } from '../src/answer/evidence.js';
import { parseCli } from '../src/cli/cli-args.js';
import { readIntent } from '../src/retrieve/query-intent.js';
import { openSnapshotInMemory } from '../src/serving/open-in-memory.js';
import { prepareWordVectors } from '../src/text/semantics/word-vector-cache.js';

const { positionals: questions } = parseCli({ name: 'debug-question', usage: 'usage: npx tsx scripts/debug-question.mts "question" ["another question" …]', positionals: true });

await prepareWordVectors();
const { retriever } = await openSnapshotInMemory(process.env.CORPUS_DIR ?? 'corpus');
for (const q of questions) {
  const intent = readIntent(q);
  const ranked = await retriever.rank({ query: q, k: 5 }, intent);
  const ev = gatherEvidence({ question: q, ranked, retriever, intent });
  console.log(`\nQ: ${q}\n intent=${JSON.stringify(intent)}\n bestCov=${ev.bestCoverage.toFixed(2)} unseen=${ev.unseenShare.toFixed(2)}`);
  console.log(
    ' terms:',
    ev.terms
      .map(
        (t) =>
          `${t.keys.map((g) => g.join('+')).join('|')}:${t.weight.toFixed(2)}${t.unseen ? '(unseen)' : ''}{${[...t.soft]
            .slice(0, 5)
            .map(([k, v]) => `${k}:${v.toFixed(2)}`)
            .join(',')}}`,
      )
      .join(' '),
  );
  for (const r of ranked)
    console.log(
      `  ${r.chunk.letterId} p${r.chunk.n} s=${r.score.toFixed(3)} bm=${r.sparse.toFixed(1)} d=${r.dense.toFixed(3)} | ${retriever.chunkText(r.chunk).slice(0, 70).replace(/\s+/g, ' ')}`,
    );
  for (const c of ev.candidates.slice(0, 4))
    console.log(`   * ${c.score.toFixed(2)} cov=${c.coverage.toFixed(2)} ${c.letter.id} | ${c.letter.text.slice(c.start, c.end).slice(0, 110).replace(/\s+/g, ' ')}`);
}

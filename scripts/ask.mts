// Prints offline answers for questions given on the command line (in-memory index over corpus/).

import { AnswerService } from '../src/answer/answer-service.js';
import { parseCli } from '../src/cli/cli-args.js';
import { openSnapshotInMemory } from '../src/serving/open-in-memory.js';

const { positionals: questions } = parseCli({ name: 'ask', usage: 'usage: npx tsx scripts/ask.mts "question" ["another question" …]', positionals: true });

const snapshot = await openSnapshotInMemory('corpus');
const service = new AnswerService(() => snapshot);
for (const question of questions) {
  const a = await service.answer({ question, topK: 5 });
  console.log(`\nQ: ${question}\nA (${a.found ? 'found' : 'not found'}, ${a.tookMs} ms): ${a.answer}`);
}

// Prints offline answers for questions given on the command line (in-memory index over corpus/).
import { openSnapshotInMemory } from '../src/serving/open-in-memory.js';
import { AnswerService } from '../src/answer/answer-service.js';

const snapshot = await openSnapshotInMemory('corpus');
const service = new AnswerService(() => snapshot);
for (const question of process.argv.slice(2)) {
  const a = await service.answer({ question, topK: 5 });
  console.log(`\nQ: ${question}\nA (${a.found ? 'found' : 'not found'}, ${a.tookMs} ms): ${a.answer}`);
}

import { AnswerService } from '../src/answer/answer-service.js';
import { openSnapshotInMemory } from '../src/serving/open-in-memory.js';

const snap = await openSnapshotInMemory(process.env.CORPUS_DIR ?? 'corpus');
const svc = new AnswerService(() => snap);
for (const q of process.argv.slice(2)) {
  const a = await svc.answer({ question: q, topK: 5 });
  console.log('\nQ:', q, '\n', a.found, a.answer.slice(0, 400));
}

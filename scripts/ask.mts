// Prints offline answers for questions given on the command line (in-memory index over corpus/).
import { openLibraryInMemory } from '../src/compose/open-library.js';
import { AnswerService } from '../src/answer/answer-service.js';

const { library, embedder } = await openLibraryInMemory('corpus');
const service = new AnswerService(() => library, embedder);
for (const question of process.argv.slice(2)) {
  const a = await service.answer({ question, topK: 5 });
  console.log(`\nQ: ${question}\nA (${a.found ? 'found' : 'not found'}, ${a.tookMs} ms): ${a.answer}`);
}

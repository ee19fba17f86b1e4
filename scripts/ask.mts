// Prints offline answers for questions given on the command line (in-memory index over corpus/).
import { openLibraryInMemory } from '../src/compose/open-library.js';
import { AnswerService } from '../src/answer/answer-service.js';
import { parseCli } from '../src/cli/cli-args.js';

const { positionals: questions } = parseCli({ name: 'ask', usage: 'usage: npx tsx scripts/ask.mts "question" ["another question" …]', positionals: true });

const { library, embedder } = await openLibraryInMemory('corpus');
const service = new AnswerService(() => library, embedder);
for (const question of questions) {
  const a = await service.answer({ question, topK: 5 });
  console.log(`\nQ: ${question}\nA (${a.found ? 'found' : 'not found'}, ${a.tookMs} ms): ${a.answer}`);
}

import { AnswerService } from '../src/answer/answer-service.js';
import { openSnapshotInMemory } from '../src/serving/open-in-memory.js';
const snap = await openSnapshotInMemory('corpus');
const svc = new AnswerService(() => snap);
const a = await svc.answer({ question: 'And in the 2018 letter?', topK: 5, history: [ { role: 'user', content: 'What did inspectors say about supervision?' }, { role: 'assistant', content: 'Supervision now takes place regularly [1]' } ] });
console.log(a.found, (a as any).answeredQuestion, a.answer.slice(0, 300));

// The model path's own cost and citation mapping, against the fake OpenAI server (no network):
// latency our pipeline adds around an instant model, time to first streamed piece, and how often
// the checked [n] quote holds the phrase the "model" wrote, over the dev set.

import type { Answer } from '../src/answer/answer-types.js';
import { DEFAULT_CHUNK_OPTIONS } from '../src/chunk/chunk.js';
import { parseCli } from '../src/cli/cli-args.js';
import { buildServer } from '../src/compose/build-server.js';
import { loadConfig } from '../src/compose/config.js';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../src/embed/hashing-embedder.js';
import { goldPhrases, loadDevSet } from '../src/eval/dev-set.js';
import { snapshotOf } from '../src/serving/snapshot.js';
import { embedLetters } from '../src/store/build-index.js';
import { Library } from '../src/store/library.js';
import { type ChatBody, passagesIn, startFakeOpenAI } from '../test/fakes/fake-openai-server.js';

parseCli({ name: 'bench:llm', usage: 'usage: npm run bench:llm   (the model path against the fake OpenAI server, over the dev set; no options)' });

const fake = await startFakeOpenAI();
const corpus = await loadCorpus('corpus');
const embedder = new HashingEmbedder();
const snapshot = snapshotOf(new Library(corpus.letters, await embedLetters(corpus.letters, embedder, DEFAULT_CHUNK_OPTIONS)), embedder);
const config = loadConfig({
  OPENAI_BASE_URL: fake.baseURL,
  CHAT_MODEL: 'fake-model',
  LLM_TIMEOUT_MS: '5000',
  LLM_MAX_RETRIES: '0',
  RATE_LIMIT_PER_MINUTE: '0',
  MODEL_RATE_LIMIT_PER_MINUTE: '0',
  UPLOAD_RATE_LIMIT_PER_MINUTE: '0',
});
const { app: withModel } = await buildServer(config, { snapshot });
const { app: offline } = await buildServer(config, { snapshot, model: null });
const questions = (await loadDevSet('test/eval/dev-set.json')).filter((q) => q.kind !== 'unanswerable');

const norm = (s: string) =>
  s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
let gold: string[] = [];
// The "model" writes the gold phrase as its claim, cited to the passage that holds it.
fake.behave((body: ChatBody) => {
  for (const [n, text] of passagesIn(body)) {
    const phrase = gold.find((g) => norm(text).includes(norm(g)));
    if (phrase) return { kind: 'reply', text: `The letter notes that ${phrase} [${n}].`, chunkSize: 12 };
  }
  return { kind: 'reply', text: 'The letters provided do not say.' };
});

const post = (app: typeof offline, question: string, accept = 'application/json') =>
  app.request('/api/answer', { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ question }) });
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

const timings = { llm: [] as number[], offline: [] as number[], firstPiece: [] as number[] };
let cited = 0;
let mapped = 0;
for (const q of questions) {
  gold = q.gold.flatMap(goldPhrases);
  let t = performance.now();
  const answer = (await (await post(withModel, q.question)).json()) as Answer;
  timings.llm.push(performance.now() - t);
  if (answer.mode === 'llm' && answer.citations.length) {
    cited++;
    if (answer.citations.some((c) => gold.some((g) => norm(c.quote).includes(norm(g))))) mapped++;
  }
  t = performance.now();
  await (await post(offline, q.question)).json();
  timings.offline.push(performance.now() - t);
  t = performance.now();
  const reader = (await post(withModel, q.question, 'text/event-stream')).body?.getReader();
  for (;;) {
    const { value, done } = (await reader?.read()) ?? { done: true, value: undefined };
    if (done) break;
    if (new TextDecoder().decode(value).includes('event: delta')) {
      timings.firstPiece.push(performance.now() - t);
      await reader?.cancel();
      break;
    }
  }
}
const row = (name: string, xs: number[]) => `${name.padEnd(44)} p50 ${pct(xs, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(xs, 0.95).toFixed(1).padStart(6)} ms`;
console.log(`${questions.length} answerable dev-set questions, fake model on 127.0.0.1 answering at once`);
console.log(row('/api/answer, model path (JSON)', timings.llm));
console.log(row('/api/answer, offline extractive (JSON)', timings.offline));
console.log(row('/api/answer SSE, first delta (model path)', timings.firstPiece));
console.log(`model replies cited to the passage holding the gold phrase: ${cited}/${questions.length}`);
console.log(`of those, checked quote contains the gold phrase: ${mapped}/${cited} (${((100 * mapped) / Math.max(1, cited)).toFixed(1)}%)`);
await fake.close();

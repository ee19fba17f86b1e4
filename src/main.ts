import { loadConfig } from './compose/config.js';
import { createEmbedder, embedderConfig } from './embed/create-embedder.js';
import { watchCorpus } from './ingest/corpus-watcher.js';
import { LiveLibrary } from './serving/live-snapshot.js';
import { openLibrary } from './compose/open-library.js';
import { AnswerService } from './answer/answer-service.js';
import { createModelAnswerer } from './compose/create-model-answerer.js';
import { retrieverFor } from './retrieve/retriever-cache.js';
import { createApp } from './server/app.js';
import { httpPolicyFrom } from './server/middleware/http-policy.js';
import { startServer } from './server/start-server.js';

const log = (message: string) => console.log(`[letters-assistant] ${message}`);

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const embedder = await createEmbedder(embedderConfig(config));
  const { library, build } = await openLibrary(config, embedder, { log });
  log(`index ${build.action}: ${library.letters.length} letters, ${library.index.chunks.length} chunks (${build.embeddedLetters} embedded, ${build.reusedLetters} reused, ${build.removedLetters} removed)`);

  // Build search structures now, so the first question does not pay for them; after a
  // reindex too, before the new library is swapped in.
  retrieverFor(library, embedder);
  const live = new LiveLibrary(library, async () => {
    const opened = await openLibrary(config, embedder, { log });
    retrieverFor(opened.library, embedder);
    return opened;
  });
  const reload = async () => {
    const r = await live.reload();
    log(`reindexed (${r.action}): ${r.letters} letters, ${r.chunks} chunks, ${r.embeddedLetters} embedded, ${r.removedLetters} removed, ${r.ms} ms`);
    return r;
  };
  const { answerer, notice } = createModelAnswerer(config, log);
  if (notice) log(notice);
  log(answerer ? `answers: model ${answerer.modelId}, extractive when it fails` : 'answers: extractive (offline)');
  const answers = new AnswerService(live.current, embedder, answerer);
  const app = createApp({
    library: live.current,
    embedder,
    answers,
    answerMode: answerer ? { mode: 'llm', model: answerer.modelId } : { mode: 'extractive' },
    apiToken: config.API_TOKEN,
    webDir: config.WEB_DIR,
    ingest: {
      corpusDir: config.CORPUS_DIR,
      maxBytes: config.INGEST_MAX_BYTES,
      chunkOptions: { maxTokens: config.CHUNK_MAX_TOKENS, minWords: config.CHUNK_MIN_WORDS },
      reload,
    },
    http: httpPolicyFrom(config),
  });
  const watcher = config.CORPUS_WATCH
    ? watchCorpus(config.CORPUS_DIR, () => void reload().catch((err: Error) => log(`reindex failed, still serving the previous index: ${err.message}`)), { log })
    : null;
  const running = await startServer(app, config.PORT, config.HOST);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing in-flight requests`);
    watcher?.close();
    void running.close(config.SHUTDOWN_GRACE_MS).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Only now: whoever waits for this line may send SIGTERM at once, and must get a clean stop.
  log(`ready in ${Math.round(performance.now() - started)} ms at ${running.url}/`);
}

main().catch((err: unknown) => {
  console.error(`[letters-assistant] failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

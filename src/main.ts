import { loadConfig } from './config.js';
import { createEmbedder } from './embed/create-embedder.js';
import { openLibrary } from './open-library.js';
import { createApp } from './server/app.js';
import { httpPolicyFrom } from './server/middleware/http-policy.js';
import { startServer } from './server/start-server.js';

const log = (message: string) => console.log(`[letters-assistant] ${message}`);

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const embedder = createEmbedder({ embeddingModel: config.EMBEDDING_MODEL, openaiApiKey: config.OPENAI_API_KEY, builtinDimensions: config.EMBEDDING_DIMENSIONS });
  const { library, build } = await openLibrary(config, embedder, { log });
  log(`index ${build.action}: ${library.letters.length} letters, ${library.index.chunks.length} chunks (${build.embeddedLetters} embedded, ${build.reusedLetters} reused, ${build.removedLetters} removed)`);

  const app = createApp({ library: () => library, embedder, http: httpPolicyFrom(config) });
  const running = await startServer(app, config.PORT, config.HOST);
  log(`ready in ${Math.round(performance.now() - started)} ms at ${running.url}/`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing in-flight requests`);
    void running.close(10_000).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(`[letters-assistant] failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

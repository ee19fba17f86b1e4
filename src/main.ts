import { errorMessage } from './base/error-message.js';
import { buildServer } from './compose/build-server.js';
import { loadConfig } from './compose/config.js';
import { describeEnvFile, loadEnvFile } from './compose/env-file.js';
import { warmUp } from './compose/warm-up.js';
import { watchCorpus } from './ingest/corpus-watcher.js';
import { startServer } from './server/start-server.js';

const log = (message: string) => console.log(`[letters-assistant] ${message}`);

async function main(): Promise<void> {
  const started = performance.now();
  const envFile = describeEnvFile(loadEnvFile());
  if (envFile) log(envFile);
  const config = loadConfig();
  const server = await buildServer(config, { log });
  const watcher =
    config.CORPUS_WATCH && config.CORPUS_DIR
      ? watchCorpus(config.CORPUS_DIR, () => void server.reloadIfChanged().catch((err: Error) => log(`reindex failed, still serving the previous index: ${err.message}`)), { log })
      : null;
  // A failed warm-up costs only speed: the first real question would meet the same error and answer it.
  const warmMs = await warmUp(server.live.current()).catch((err: unknown) => {
    log(`warm-up search failed: ${errorMessage(err)}`);
    return 0;
  });
  if (warmMs) log(`warmed up the search in ${Math.round(warmMs)} ms`);
  const running = await startServer(server.app, config.PORT, config.HOST);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing in-flight requests`);
    watcher?.close();
    void running
      .close(config.SHUTDOWN_GRACE_MS)
      .then(() => server.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Only now: whoever waits for this line may send SIGTERM at once, and must get a clean stop.
  log(`ready in ${Math.round(performance.now() - started)} ms at ${running.url}/`);
}

main().catch((err: unknown) => {
  console.error(`[letters-assistant] failed to start: ${errorMessage(err)}`);
  process.exit(1);
});

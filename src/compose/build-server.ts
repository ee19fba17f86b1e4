import type { Hono } from 'hono';
import { AnswerService, type ModelAnswerer } from '../answer/answer-service.js';
import { errorMessage } from '../base/error-message.js';
import { createEmbedder } from '../embed/create-embedder.js';
import type { Embedder } from '../embed/embedder.js';
import { convertPool } from '../ingest/convert-pool.js';
import { corpusStamp } from '../ingest/corpus-stamp.js';
import { CorpusStore } from '../ingest/corpus-store.js';
import { DbLetterStore } from '../ingest/db-letter-store.js';
import { createApp } from '../server/app.js';
import { LiveSnapshot, type OpenSnapshot, type ReloadResult } from '../serving/live-snapshot.js';
import type { Snapshot } from '../serving/snapshot.js';
import type { BuildResult } from '../store/build-index.js';
import { CHANGE_CHANNEL, currentGeneration } from '../store/pg/corpus-state.js';
import type { Db } from '../store/pg/db.js';
import type { Env } from './config.js';
import { createModelAnswerer } from './create-model-answerer.js';
import { openDatabase } from './database.js';
import { openSnapshot, rereadSnapshot } from './open-library.js';
import { chunkOptionsFrom, embedderConfig, httpPolicyFrom, ingestLimitsFrom } from './settings.js';

/** What a caller may put in place of what the configuration would make: tests, scripts, benches. */
export interface ServerOverrides {
  /** Where progress and fallbacks are reported; silent unless given. */
  log?: (message: string) => void;
  /** The embedder; otherwise the configuration's (EMBEDDING_MODEL, or the built-in one). */
  embedder?: Embedder;
  /** The database to index into and search; otherwise a pool for DATABASE_URL, ended by close(). */
  db?: Db | null;
  /** Serve this snapshot as it is: read-only over HTTP (no uploads, no reindex), corpus/ and index/ untouched. */
  snapshot?: Snapshot;
  /** How a reindex opens the corpus again; otherwise as at start. */
  reopen?: OpenSnapshot;
  /** The model that writes answers; otherwise the configuration's (none offline). null: offline whatever the configuration. */
  model?: ModelAnswerer | null;
  /** The answer service over the served snapshots, in place of AnswerService. */
  answers?: (snapshot: () => Snapshot, model: ModelAnswerer | undefined) => AnswerService;
  /** No uploads or reindex over HTTP, as with a fixed snapshot. */
  readOnly?: boolean;
}

export interface Server {
  app: Hono;
  live: LiveSnapshot;
  /** What the app answers with: for callers that ask without HTTP (npm run ask). */
  answers: AnswerService;
  /** What opening the index did; null when a snapshot was given. */
  build: BuildResult | null;
  /** Re-reads the corpus and swaps in the new snapshot once it is complete. */
  reload(): Promise<ReloadResult>;
  /**
   * For the file watcher: reload unless the corpus files are as the last reload found them (an
   * upload reloads itself, and its own writes must not reindex a second time). Null when skipped.
   */
  reloadIfChanged(): Promise<ReloadResult | null>;
  /** With a database: reads it again (corpus/ untouched) and swaps. Runs by itself when another process NOTIFYs a change. */
  refresh(): Promise<ReloadResult>;
  /** Ends what buildServer opened (the database pool, the upload conversion process). */
  close(): Promise<void>;
}

/** The one composition root: configuration in, the app and everything it serves from out. main.ts and every test use it. */
export async function buildServer(config: Env, overrides: ServerOverrides = {}): Promise<Server> {
  const log = overrides.log ?? (() => {});
  const embedder = overrides.embedder ?? overrides.snapshot?.retriever.embedder ?? (await createEmbedder(embedderConfig(config)));
  const ownsDb = overrides.db === undefined && !overrides.snapshot;
  const db = overrides.db !== undefined ? overrides.db : overrides.snapshot ? null : openDatabase(config);
  const open: OpenSnapshot = () => openSnapshot(config, embedder, { log, db });
  const reread: OpenSnapshot | undefined = db && !overrides.reopen ? () => rereadSnapshot(config, embedder, db) : undefined;

  const stampOf = async () => (config.CORPUS_DIR ? await corpusStamp(config.CORPUS_DIR) : null);
  let build: BuildResult | null = null;
  let initial = overrides.snapshot;
  // The corpus as the latest (re)load started reading it; any write after that changes the stamp.
  let readStamp: string | null = initial ? null : await stampOf();
  let generation: number | undefined;
  if (!initial) {
    const opened = await open();
    ({ build, snapshot: initial, generation } = opened);
    const { library } = initial;
    log(
      `index ${build.action}: ${library.letters.length} letters, ${library.chunkCount} chunks (${build.embeddedLetters} embedded, ${build.reusedLetters} reused, ${build.removedLetters} removed)`,
    );
  }
  const live = new LiveSnapshot(initial, overrides.reopen ?? open, reread, generation);
  // Uploads in progress: their files are read by the upload's own reload, so the watcher leaves them be.
  let uploading = 0;
  const hold = () => {
    uploading++;
    return () => void uploading--;
  };
  const reload = async () => {
    readStamp = await stampOf();
    const r = await live.reload();
    log(`reindexed (${r.action}): ${r.letters} letters, ${r.chunks} chunks, ${r.embeddedLetters} embedded, ${r.removedLetters} removed, ${r.ms} ms`);
    return r;
  };
  const refresh = async () => {
    const r = await live.refresh();
    log(`database read again: ${r.letters} letters, ${r.chunks} chunks, generation ${live.generation}, ${r.ms} ms`);
    return r;
  };
  // Every server hears every write (NOTIFY carries the new generation) and swaps in the new
  // state; one that was cut off compares generations when it is back, and catches up.
  const follow = (reason: string) =>
    void refresh().catch((err: unknown) => log(`could not read the database after ${reason}, still serving the previous state: ${errorMessage(err)}`));
  const stopListening =
    db && reread
      ? await db.listen(
          CHANGE_CHANNEL,
          (payload) => {
            const announced = Number(payload);
            if (!(announced <= (live.generation ?? -1))) follow(`a change (generation ${payload})`);
          },
          () =>
            void currentGeneration(db)
              .then((now) => {
                if (now !== live.generation) follow(`reconnecting (generation ${now})`);
              })
              .catch(() => {}),
        )
      : null;

  const model = overrides.model === undefined ? modelFromConfig(config, log) : (overrides.model ?? undefined);
  log(model ? `answers: model ${model.modelId}, extractive when it fails` : 'answers: extractive (offline)');
  const answers = overrides.answers?.(live.current, model) ?? new AnswerService(live.current, model);
  const readOnly = overrides.readOnly || (overrides.snapshot !== undefined && !overrides.reopen);
  const limits = ingestLimitsFrom(config);
  // One child process: uploads are read one at a time, off the event loop, and whatever memory a
  // hostile file took goes back to the system when it is killed. It starts on the first upload.
  const pool = readOnly ? null : convertPool(1, limits, 'process');
  const app = createApp({
    snapshot: live.current,
    answers,
    answerMode: model ? { mode: 'llm', model: model.modelId } : { mode: 'extractive' },
    http: httpPolicyFrom(config),
    apiToken: config.API_TOKEN,
    publicUrl: config.PUBLIC_URL,
    webDir: config.WEB_DIR || undefined,
    ingest: pool
      ? {
          corpusDir: config.CORPUS_DIR,
          maxBytes: config.INGEST_MAX_BYTES,
          chunkOptions: chunkOptionsFrom(config),
          reload,
          hold,
          convert: pool.convert,
          limits,
          ...(db
            ? {
                store: () => new DbLetterStore(db, embedder, chunkOptionsFrom(config), config.CORPUS_DIR ? new CorpusStore(config.CORPUS_DIR) : null),
                afterWrite: refresh,
              }
            : {}),
        }
      : undefined,
    databaseUp: db ? () => databaseAnswers(db, Math.min(2000, config.DATABASE_STATEMENT_TIMEOUT_MS)) : undefined,
  });
  const reloadIfChanged = async () => (uploading > 0 || (await stampOf()) === readStamp ? null : reload());
  return {
    app,
    live,
    answers,
    build,
    reload,
    reloadIfChanged,
    refresh: reread ? refresh : reload,
    close: async () => {
      await stopListening?.();
      await pool?.close();
      if (ownsDb) await db?.close();
    },
  };
}

/** SELECT 1 within timeoutMs. */
async function databaseAnswers(db: Db, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      db.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function modelFromConfig(config: Env, log: (message: string) => void): ModelAnswerer | undefined {
  const { answerer, notice } = createModelAnswerer(config, log);
  if (notice) log(notice);
  return answerer;
}

import { Hono } from 'hono';
import type { AnswerService } from '../answer/answer-service.js';
import type { Snapshot } from '../serving/snapshot.js';
import { answerRoutes } from './answer-routes.js';
import { requireBearer } from './bearer-auth.js';
import { errorResponse, notFoundResponse } from './error-handler.js';
import { type IngestRoutesDeps, ingestRoutes } from './ingest-routes.js';
import { lettersRoutes } from './letters-routes.js';
import { applyHttpPolicy, type HttpPolicy } from './middleware/http-policy.js';
import { openAIError } from './openai-errors.js';
import { searchRoutes } from './search-routes.js';
import { timelineRoutes } from './timeline-routes.js';
import { type AnswerMode, v1Routes } from './v1-routes.js';
import { verifyRoutes } from './verify-routes.js';
import { webRoutes } from './web-routes.js';

/** Everything the app serves with; compose/build-server.ts makes them from the configuration. */
export interface AppDeps {
  /** The snapshot to serve; a function so a reindex can swap it without rebuilding the app. */
  snapshot: () => Snapshot;
  /** Answers over the same snapshots. */
  answers: AnswerService;
  /** How `answers` answers, for GET /v1/models. */
  answerMode: AnswerMode;
  /** Body limit, CORS, rate limit, timeout. */
  http: HttpPolicy;
  /** When set, /api/* and /v1/* require "Authorization: Bearer <apiToken>". */
  apiToken?: string | undefined;
  /** PUBLIC_URL: where users reach the server; absolute links use it, else the request's own origin. */
  publicUrl?: string | undefined;
  /** Folder of the chat page (web/); when absent only the API is served. */
  webDir?: string | undefined;
  /** Upload (POST /api/letters) and POST /api/reindex; left out, the corpus is read-only over HTTP.
   *  Guarded by apiToken like the rest of /api/*. */
  ingest?: IngestRoutesDeps | undefined;
  /** With a database: whether it answers now, for /healthz. */
  databaseUp?: (() => Promise<boolean>) | undefined;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError(errorResponse);
  app.notFound(notFoundResponse);
  applyHttpPolicy(app, deps.http, deps.answerMode.mode === 'llm');

  const library = () => deps.snapshot().library;
  app.get('/healthz', async (c) => {
    const { library, retriever } = deps.snapshot();
    const served = { letters: library.letters.length, chunks: library.chunkCount, embedder: retriever.embedder.id };
    if (!deps.databaseUp) return c.json({ ok: true, ...served });
    // A load balancer takes a server whose database is down out of rotation.
    const up = await deps.databaseUp();
    // Letter texts, and their chunk records, are read from the database as requests quote them: how many are held now.
    return c.json({ ok: up, ...served, textsInMemory: library.textsInMemory, chunksInMemory: library.chunksInMemory, db: up ? 'up' : 'down' }, up ? 200 : 503);
  });
  if (deps.apiToken) {
    app.use(
      '/api/*',
      requireBearer(deps.apiToken, (c, message) => c.json({ error: { code: 'unauthorized', message } }, 401)),
    );
    app.use(
      '/v1/*',
      requireBearer(deps.apiToken, (c, message) => openAIError(c, 401, message, 'invalid_api_key')),
    );
  }
  if (deps.ingest) app.route('/api', ingestRoutes(deps.ingest));
  app.route('/api/letters', lettersRoutes(library, { canUpload: deps.ingest !== undefined }));
  app.route('/api/search', searchRoutes(deps.snapshot));
  app.route('/api/verify', verifyRoutes(library));
  app.route('/api/timeline', timelineRoutes(deps.snapshot));
  app.route('/api/answer', answerRoutes(library, deps.answers));
  app.route('/v1', v1Routes(library, deps.answers, deps.answerMode, deps.publicUrl));
  if (deps.webDir) app.route('/', webRoutes({ webDir: deps.webDir, library, hideLetterIds: Boolean(deps.apiToken) }));
  return app;
}

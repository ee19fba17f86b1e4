import { Hono } from 'hono';
import { AnswerService } from '../answer/answer-service.js';
import type { Embedder } from '../embed/embedder.js';
import type { Library } from '../store/library.js';
import { errorResponse, notFoundResponse } from './error-handler.js';
import { type IngestRoutesDeps, ingestRoutes } from './ingest-routes.js';
import { answerRoutes } from './answer-routes.js';
import { DEFAULT_HTTP_POLICY, type HttpPolicy, applyHttpPolicy } from './middleware/http-policy.js';
import { lettersRoutes } from './letters-routes.js';
import { searchRoutes } from './search-routes.js';
import { timelineRoutes } from './timeline-routes.js';
import { verifyRoutes } from './verify-routes.js';
import { requireBearer } from './bearer-auth.js';
import { openAIError } from './openai-errors.js';
import { type AnswerMode, v1Routes } from './v1-routes.js';
import { webRoutes } from './web-routes.js';

export interface AppDeps {
  /** The current library; a function so a reindex can swap it without rebuilding the app. */
  library: () => Library;
  embedder: Embedder;
  /** Defaults to offline answers over the same library and embedder. */
  answers?: AnswerService;
  /** How `answers` answers, for GET /v1/models; extractive unless said otherwise. */
  answerMode?: AnswerMode;
  /** When set, /api/* and /v1/* require "Authorization: Bearer <apiToken>". */
  apiToken?: string | undefined;
  /** Folder of the chat page (web/); when absent only the API is served. */
  webDir?: string;
  /** Upload (POST /api/letters) and POST /api/reindex; left out, the corpus is read-only over HTTP.
   *  Guarded by apiToken like the rest of /api/*. */
  ingest?: IngestRoutesDeps;
  /** Body limit, CORS, rate limit, timeout; defaults to DEFAULT_HTTP_POLICY (no rate limit). */
  http?: HttpPolicy;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError(errorResponse);
  app.notFound(notFoundResponse);
  applyHttpPolicy(app, deps.http ?? DEFAULT_HTTP_POLICY);

  app.get('/healthz', (c) => {
    const lib = deps.library();
    return c.json({ ok: true, letters: lib.letters.length, chunks: lib.index.chunks.length, embedder: deps.embedder.id });
  });
  if (deps.apiToken) {
    app.use('/api/*', requireBearer(deps.apiToken, (c, message) => c.json({ error: { code: 'unauthorized', message } }, 401)));
    app.use('/v1/*', requireBearer(deps.apiToken, (c, message) => openAIError(c, 401, message, 'invalid_api_key')));
  }
  const answers = deps.answers ?? new AnswerService(deps.library, deps.embedder);
  if (deps.ingest) app.route('/api', ingestRoutes(deps.ingest));
  app.route('/api/letters', lettersRoutes(deps.library));
  app.route('/api/search', searchRoutes(deps.library, deps.embedder));
  app.route('/api/verify', verifyRoutes(deps.library));
  app.route('/api/timeline', timelineRoutes(deps.library, deps.embedder));
  app.route('/api/answer', answerRoutes(deps.library, answers));
  app.route('/v1', v1Routes(deps.library, answers, deps.answerMode ?? { mode: 'extractive' }));
  if (deps.webDir) app.route('/', webRoutes({ webDir: deps.webDir, library: deps.library }));
  return app;
}

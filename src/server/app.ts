import { Hono } from 'hono';
import { AnswerService } from '../answer/answer-service.js';
import type { Embedder } from '../embed/embedder.js';
import type { Library } from '../library.js';
import { errorResponse, notFoundResponse } from './error-handler.js';
import { answerRoutes } from './answer-routes.js';
import { DEFAULT_HTTP_POLICY, type HttpPolicy, applyHttpPolicy } from './middleware/http-policy.js';
import { lettersRoutes } from './letters-routes.js';
import { searchRoutes } from './search-routes.js';

export interface AppDeps {
  /** The current library; a function so a reindex can swap it without rebuilding the app. */
  library: () => Library;
  embedder: Embedder;
  /** Defaults to offline answers over the same library and embedder. */
  answers?: AnswerService;
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
  app.route('/api/letters', lettersRoutes(deps.library));
  app.route('/api/search', searchRoutes(deps.library, deps.embedder));
  app.route('/api/answer', answerRoutes(deps.library, deps.answers ?? new AnswerService(deps.library, deps.embedder)));
  return app;
}

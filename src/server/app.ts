import { Hono } from 'hono';
import type { Embedder } from '../embed/embedder.js';
import type { Library } from '../library.js';
import { errorResponse, notFoundResponse } from './error-handler.js';
import { lettersRoutes } from './letters-routes.js';
import { webRoutes } from './web-routes.js';

export interface AppDeps {
  /** The current library; a function so a reindex can swap it without rebuilding the app. */
  library: () => Library;
  embedder: Embedder;
  /** Folder of the chat page (web/); when absent only the API is served. */
  webDir?: string;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError(errorResponse);
  app.notFound(notFoundResponse);

  app.get('/healthz', (c) => {
    const lib = deps.library();
    return c.json({ ok: true, letters: lib.letters.length, chunks: lib.index.chunks.length, embedder: deps.embedder.id });
  });
  app.route('/api/letters', lettersRoutes(deps.library));
  if (deps.webDir) app.route('/', webRoutes({ webDir: deps.webDir, library: deps.library }));
  return app;
}

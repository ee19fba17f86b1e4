import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Library } from '../store/library.js';
import { notFound } from './app-error.js';
import { readStaticFile, safeSegments } from './static-files.js';

export interface WebRoutesDeps {
  /** Folder with the pages (index.html, letters.html, letter.html, not-found.html) and assets/. */
  webDir: string;
  library: () => Library;
  /** With API_TOKEN set, which letter ids exist is the API's to say (after the token): every /letters/:id gets the viewer. */
  hideLetterIds?: boolean;
}

// Security headers and the one CSP (no inline script, own origin only) come from
// src/server/middleware/security-headers.ts, applied to every response by createApp.

/** The chat page, the letters list, the letter viewer and their assets under /assets/. */
export function webRoutes(deps: WebRoutesDeps): Hono {
  const app = new Hono();

  const page = async (c: Context, name: string, status: ContentfulStatusCode = 200) => {
    const file = await readStaticFile(deps.webDir, [name]);
    if (!file) throw notFound(`page ${name} is missing from the web folder`);
    return c.body(new Uint8Array(file.body), status, { 'content-type': file.contentType, 'cache-control': 'no-cache' });
  };

  app.get('/', (c) => page(c, 'index.html'));
  app.get('/letters', (c) => page(c, 'letters.html'));
  // Only ids the library knows reach the viewer, so no crafted id ("..", NUL, encoded slashes) gets further.
  // With hideLetterIds the viewer is served for any id (its own API call, with the token, says
  // whether the letter exists); it treats the id as data, never as a path.
  app.get('/letters/:id', (c) => (deps.hideLetterIds || deps.library().info(c.req.param('id')) ? page(c, 'letter.html') : page(c, 'not-found.html', 404)));

  app.get('/assets/*', async (c) => {
    // The raw pathname, not c.req.path: Hono's path is already partly decoded.
    const raw = new URL(c.req.url).pathname.slice('/assets/'.length);
    const segments = safeSegments(raw);
    const file = segments && (await readStaticFile(deps.webDir, ['assets', ...segments]));
    if (!file) throw notFound(`no asset at ${c.req.path}`);
    return c.body(new Uint8Array(file.body), 200, { 'content-type': file.contentType, 'cache-control': 'no-cache' });
  });

  return app;
}

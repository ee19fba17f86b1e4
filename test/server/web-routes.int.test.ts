import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { buildWebApp, SEED_CORPUS, type WebApp } from '../support/web-app.js';

let web: WebApp;

beforeAll(async () => {
  web = await buildWebApp(SEED_CORPUS);
});
afterAll(() => web.cleanup());

const get = (path: string) => web.app.request(path);

describe('pages', () => {
  it.each([
    ['/', 'Ask the inspection letters'],
    ['/letters', '<h1>Letters</h1>'],
    ['/letters/croydon-2019-12-18', 'id="letter"'],
  ])('%s is HTML with a strict CSP and no inline script', async (path, marker) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain(marker);
    // Every <script> loads a file: none has inline code, none has an inline handler.
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) expect(tag).toMatch(/^<script type="module" src="\/assets\/js\/[\w-]+\.js"><\/script>$/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('an unknown letter gets the HTML not-found page with status 404', async () => {
    const res = await get('/letters/no-such-letter');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No such letter');
  });
});

describe('assets', () => {
  it.each([
    ['/assets/app.css', 'text/css; charset=utf-8'],
    ['/assets/js/chat-page.js', 'text/javascript; charset=utf-8'],
    ['/assets/icon.svg', 'image/svg+xml'],
  ])('%s is served as %s with the page headers', async (path, type) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('a missing asset is a JSON 404', async () => {
    const res = await get('/assets/js/nope.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('the API still answers beside the pages', async () => {
    const res = await get('/api/letters');
    expect(res.status).toBe(200);
    expect((await res.json()).letters).toHaveLength(2);
  });
});

describe('hostile paths answer 404 and never leave web/', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(web.app, 0, '127.0.0.1');
  });
  afterAll(() => server.close(0));

  /** A raw request: node:http sends the path exactly as written, where fetch would normalise it. */
  const raw = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('the same raw requests do reach real files', async () => {
    expect((await raw('/assets/app.css')).status).toBe(200);
    expect((await raw('/assets/js/chat-page.js')).status).toBe(200);
    expect((await raw('/letters/croydon-2019-12-18')).status).toBe(200);
  });

  it.each([
    '/assets/../package.json',
    '/assets/%2e%2e/package.json',
    '/assets/%2E%2E%2Fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/..%5c..%5cpackage.json',
    '/assets/js/%2e%2e%2f%2e%2e%2findex.html',
    '/assets/app.css%00.js',
    '/assets/%00',
    '/assets/.hidden',
    '/assets/js/',
    '/assets/%zz',
    '/letters/..%2f..%2fpackage.json',
    '/letters/%2e%2e%2fpackage.json',
    '/letters/croydon-2019-12-18%00',
    '/letters/%00',
    '/letters/croydon-2019-12-18/extra',
    '/%2e%2e/package.json',
    '/index.html/..%2f..%2fpackage.json',
  ])('%s → 404', async (path) => {
    const res = await raw(path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('"name": "letters-assistant"');
    expect(res.body).not.toContain('"dependencies"');
  });
});

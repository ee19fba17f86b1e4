import { request } from 'node:http';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { type TestLibrary, errorBody, openTestLibrary } from './test-library.js';

/** Ways out of a folder, as they would appear after a route prefix. */
const ESCAPES = [
  '..',
  '../package.json',
  '../../package.json',
  '../../../../../../etc/passwd',
  '..%2f..%2fpackage.json',
  '%2e%2e/%2e%2e/package.json',
  '%2e%2e%2f%2e%2e%2fpackage.json',
  '%252e%252e%252fpackage.json',
  '..%5c..%5cpackage.json',
  '..\\..\\package.json',
  '%2fetc%2fpasswd',
  '/etc/passwd',
  '//etc/passwd',
  'C:%5cWindows%5cwin.ini',
  'croydon-2019-12-18%00',
  'croydon-2019-12-18%00.md',
  '%00',
  '..%00/package.json',
  '.env',
  '%2e%2e',
  '....//....//package.json',
];
const PREFIXES = ['/api/letters/', '/letters/', '/assets/', '/'];

/** What would show that a file outside corpus/ or web/ was served. */
const LEAK = /"name":\s*"letters-assistant"|root:x?:0:0|\[fonts\]|OPENAI_API_KEY|"compilerOptions"/;

let t: TestLibrary;
let app: Hono;
let server: RunningServer;

beforeAll(async () => {
  t = await openTestLibrary();
  app = createApp({ library: () => t.library, embedder: t.embedder });
  server = await startServer(app, 0, '127.0.0.1');
});
afterAll(async () => {
  await server.close(200);
  await t.cleanup();
});

/** Sends the path exactly as written: no client-side URL normalisation. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('path traversal', () => {
  it('a known letter is still served', async () => {
    const res = await rawGet('/api/letters/croydon-2019-12-18');
    expect(res.status).toBe(200);
  });

  it.each(PREFIXES)('under %s: every escape is a 404 and nothing outside is served (raw over HTTP)', async (prefix) => {
    for (const escape of ESCAPES) {
      const res = await rawGet(prefix + escape);
      expect(res.body, `${prefix}${escape}`).not.toMatch(LEAK);
      if (escape.includes('\\')) {
        // A raw backslash is not a valid request target: @hono/node-server refuses it (400) before routing.
        expect(res.status, `${prefix}${escape}`).toBe(400);
        continue;
      }
      // "/" + ".env" etc. could be a page route one day; it must still not leak.
      if (prefix !== '/') expect(res.status, `${prefix}${escape}`).toBe(404);
      if (res.status >= 400) expect(() => JSON.parse(res.body), `${prefix}${escape}`).not.toThrow();
    }
  });

  it.each(PREFIXES)('under %s: every escape is a 404 with the JSON error (app.request)', async (prefix) => {
    for (const escape of ESCAPES) {
      const res = await app.request(`http://localhost${prefix}${escape}`);
      const text = await res.clone().text();
      expect(text, `${prefix}${escape}`).not.toMatch(LEAK);
      if (prefix !== '/') {
        expect(res.status, `${prefix}${escape}`).toBe(404);
        expect((await errorBody(res)).code).toBe('not_found');
      }
    }
  });
});

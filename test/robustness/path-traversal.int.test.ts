import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { type FullApp, openFullApp } from '../support/full-app.js';
import { errorBody } from '../support/temp-library.js';

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

/**
 * Literal dot segments are resolved by URL rules before routing ("/letters/.." is "/"), so they can
 * only reach the app's own routes: such a path must answer exactly as its resolved form does.
 */
const resolvedOutside = (prefix: string, escapePath: string) => {
  const p = new URL(prefix + escapePath, 'http://localhost').pathname;
  return p.startsWith(prefix) ? null : p;
};

/** What would show that a file outside corpus/ or web/ was served. */
const LEAK = /"name":\s*"letters-assistant"|root:x?:0:0|\[fonts\]|OPENAI_API_KEY|"compilerOptions"/;

let full: FullApp;
let app: Hono;
let server: RunningServer;

beforeAll(async () => {
  full = await openFullApp();
  app = full.app;
  server = await startServer(app, 0, '127.0.0.1');
});
afterAll(async () => {
  await server.close(200);
  await full.cleanup();
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
  it('known letters, pages and assets are still served', async () => {
    for (const p of ['/api/letters/croydon-2019-12-18', '/letters/croydon-2019-12-18', '/', '/letters', '/assets/app.css']) {
      expect((await rawGet(p)).status, p).toBe(200);
    }
  });

  it.each(PREFIXES)('under %s: every escape is a 404 and nothing outside is served (raw over HTTP)', async (prefix) => {
    for (const escapePath of ESCAPES) {
      const res = await rawGet(prefix + escapePath);
      expect(res.body, `${prefix}${escapePath}`).not.toMatch(LEAK);
      if (escapePath.includes('\\')) {
        // A raw backslash is not a valid request target: @hono/node-server refuses it (400) before routing.
        expect(res.status, `${prefix}${escapePath}`).toBe(400);
        continue;
      }
      const resolved = resolvedOutside(prefix, escapePath);
      if (resolved !== null) {
        expect(res, `${prefix}${escapePath} → ${resolved}`).toEqual(await rawGet(resolved));
        continue;
      }
      // "/" + ".env" etc. could be a page route one day; it must still not leak.
      if (prefix !== '/') expect(res.status, `${prefix}${escapePath}`).toBe(404);
      // The letter viewer answers an unknown id with its HTML not-found page; everything else with JSON.
      if (res.status >= 400 && prefix !== '/letters/') expect(() => JSON.parse(res.body), `${prefix}${escapePath}`).not.toThrow();
    }
  });

  it.each(PREFIXES)('under %s: every escape is a 404 with the JSON error (app.request)', async (prefix) => {
    for (const escapePath of ESCAPES) {
      const res = await app.request(`http://localhost${prefix}${escapePath}`);
      const text = await res.clone().text();
      expect(text, `${prefix}${escapePath}`).not.toMatch(LEAK);
      if (resolvedOutside(prefix, escapePath) !== null) continue;
      if (prefix !== '/') expect(res.status, `${prefix}${escapePath}`).toBe(404);
      if (prefix !== '/' && prefix !== '/letters/') expect((await errorBody(res)).code).toBe('not_found');
    }
  });

  it('an upload named to escape corpus/ lands inside it, under a plain letter id, or is refused', async () => {
    const names = ['../../escape-a.md', '/tmp/escape-b.md', '..\\..\\escape-c.md', '%2e%2e%2fescape-d.md', 'escape\u0000e.md', '.hidden-escape.md'];
    const seed = readFileSync('corpus/croydon-2019-12-18.md', 'utf8');
    for (const [i, name] of names.entries()) {
      const form = new FormData();
      form.append('file', new File([`${seed}\n\nUpload ${i}.\n`], name, { type: 'text/markdown' }));
      const res = await app.request('/api/letters', { method: 'POST', body: form });
      expect(res.status, name).toBeLessThan(500);
    }
    for (const outside of ['escape-a.md', 'escape-c.md', 'escape-d.md']) expect(existsSync(path.join(full.corpusDir, '..', outside))).toBe(false);
    expect(existsSync('/tmp/escape-b.md')).toBe(false);
    for (const f of await readdir(full.corpusDir)) expect(f, f).toMatch(/^(?:[a-z0-9][a-z0-9-]*\.(?:md|txt)|\.[\w.-]+)$/);
  });
});

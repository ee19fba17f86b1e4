import { execFile } from 'node:child_process';
import { copyFile, readdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/compose/build-server.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { removeTempDirs, SEED_CORPUS, tempDir } from '../support/run-cli.js';
import { testConfig } from '../support/test-server.js';
import { WEB_DIR } from '../support/web-app.js';
import { launchBrowser, openPage, type TestBrowser } from './harness.js';

/**
 * Issue 17, cross-site request forgery and DNS rebinding, against a default install (no
 * API_TOKEN, bound to 127.0.0.1, uploads on): a page served by a second local server on another
 * port tries the no-cors upload and reindex in chromium; curl (no Origin) and the chat page's own
 * requests still work.
 */
const run = promisify(execFile);
const FORGED = 'the staff vacancy rate is 0% and all services are outstanding';
const forgedLetter = `1 May 2024\n\nDear Sir\n\n# Monitoring visit to Croydon children's services\n\nInspectors found that ${FORGED}. Nothing else needed improving at all.\n`;

let app: RunningServer;
let attacker: RunningServer;
let browser: TestBrowser;
let corpusDir: string;
let reindexes = 0;
/** Every request the assistant answered, as the server saw it (the browser may hide the response). */
const seen: { path: string; status: number; body: string }[] = [];

beforeAll(async () => {
  corpusDir = await tempDir('csrf-corpus');
  for (const f of ['croydon-2018-08-02.txt', 'croydon-2019-12-18.md']) await copyFile(path.join(SEED_CORPUS, f), path.join(corpusDir, f));
  const config = testConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: await tempDir('csrf-index'), EMBEDDING_DIMENSIONS: '256', WEB_DIR });
  const server = await buildServer(config, { log: (m) => void (m.startsWith('reindexed') && reindexes++) });
  const watched = new Hono();
  watched.all('*', async (c) => {
    const res = await server.app.fetch(c.req.raw, c.env);
    seen.push({ path: c.req.path, status: res.status, body: await res.clone().text() });
    return res;
  });
  [app, browser] = await Promise.all([startServer(watched, 0, '127.0.0.1'), launchBrowser()]);
  // The hostile page: plain HTML whose script posts to the assistant the way any site could.
  const evil = new Hono();
  const script = `
    const target = ${JSON.stringify(app.url)};
    const form = new FormData();
    form.append('file', new File([${JSON.stringify(forgedLetter)}], 'forged.md'));
    const results = {};
    for (const [name, init] of [['upload', { method: 'POST', mode: 'no-cors', body: form }], ['reindex', { method: 'POST', mode: 'no-cors' }]]) {
      try { await fetch(target + (name === 'upload' ? '/api/letters' : '/api/reindex'), init); results[name] = 'sent'; } catch (e) { results[name] = String(e); }
    }
    document.title = 'done';
    window.results = results;`;
  evil.get('/', (c) => c.html(`<!doctype html><title>cats</title><script type="module">${script}</script>`));
  attacker = await startServer(evil, 0, '127.0.0.1');
});
afterAll(async () => {
  await browser?.close();
  await attacker?.close(0);
  await app?.close(0);
  await removeTempDirs();
});

const letterFiles = async () => (await readdir(corpusDir)).filter((f) => !f.startsWith('.')).sort();

/** The status and body of a request with a Host header of our choosing (fetch may not set one). */
function rawGet(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('cross-site writes and foreign Host names', () => {
  it('a page on another origin cannot upload or reindex: both 403, nothing written, nothing reindexed', async () => {
    const before = await letterFiles();
    const context = await browser.context({ baseURL: attacker.url });
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForFunction(() => document.title === 'done');
    // The requests left the browser (our Cross-Origin-Resource-Policy then hides the answers from the page).
    expect(Object.keys(await page.evaluate(() => (window as unknown as { results: object }).results))).toEqual(['upload', 'reindex']);
    const refused = seen.filter((r) => r.path.startsWith('/api/'));
    expect(refused.map((r) => [r.path, r.status])).toEqual([
      ['/api/letters', 403],
      ['/api/reindex', 403],
    ]);
    for (const r of refused) expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'cross_origin', message: expect.stringContaining(attacker.url) } });
    expect(await letterFiles()).toEqual(before);
    expect(reindexes).toBe(0);
    await context.close();
  });

  it('the same upload and reindex from curl (no Origin) succeed, as the README shows', async () => {
    const file = path.join(await tempDir('csrf-upload'), 'curl-letter.md');
    await writeFile(file, forgedLetter.replace(FORGED, 'caseloads were manageable'));
    const upload = await run('curl', ['-s', '-w', '\n%{http_code}', '-X', 'POST', `${app.url}/api/letters`, '-F', `file=@${file}`]);
    const [body, status] = upload.stdout.trimEnd().split('\n');
    expect(status).toBe('201');
    expect(JSON.parse(body as string)).toMatchObject({ letters: [{ status: 'added', id: 'curl-letter' }] });
    const reindex = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', `${app.url}/api/reindex`]);
    expect(reindex.stdout).toBe('200');
    expect(await letterFiles()).toContain('curl-letter.md');
  });

  it("the chat page's own upload (its origin) still works", async () => {
    const context = await browser.context({ baseURL: app.url });
    const { page, errors } = await openPage(context, '/');
    const result = await page.evaluate(
      async (text) => {
        const form = new FormData();
        form.append('file', new File([text], 'page-letter.md'));
        const res = await fetch('/api/letters', { method: 'POST', body: form });
        return { status: res.status, body: await res.json() };
      },
      forgedLetter.replace(FORGED, 'leaders knew their services well'),
    );
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ letters: [{ status: 'added', id: 'page-letter' }] });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a request for Host evil.example (DNS rebinding) is refused with 421; localhost and 127.0.0.1 are served', async () => {
    for (const route of ['/api/letters', '/', '/healthz']) {
      const res = await rawGet(`${app.url}${route}`, `evil.example:${app.port}`);
      expect(res.status).toBe(421);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'misdirected_request' } });
    }
    expect((await rawGet(`${app.url}/api/letters`, `localhost:${app.port}`)).status).toBe(200);
    expect((await rawGet(`${app.url}/api/letters`, `127.0.0.1:${app.port}`)).status).toBe(200);
  });
});

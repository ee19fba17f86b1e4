import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody, openTestLibrary, type TestLibrary } from '../support/temp-library.js';
import { appOver, testConfig } from '../support/test-server.js';

let t: TestLibrary;
let app: Hono;
const BODY_LIMIT = testConfig().BODY_LIMIT_BYTES;

beforeAll(async () => {
  t = await openTestLibrary();
  app = await appOver(t.snapshot);
});
afterAll(() => t.cleanup());

const json = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json', ...headers },
});

describe('request bodies', () => {
  it('refuses a body over the limit with 413 and the JSON error shape', async () => {
    const big = JSON.stringify({ question: 'x'.repeat(BODY_LIMIT) });
    const res = await app.request('/api/answer', json(big));
    expect(res.status).toBe(413);
    expect((await errorBody(res)).code).toBe('payload_too_large');
  });

  it('counts a streamed body with no Content-Length too', async () => {
    const piece = new TextEncoder().encode(' '.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(piece);
        else controller.close();
      },
    });
    const res = await app.request('/api/answer', { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    await errorBody(res);
  });

  it('accepts a body just under the limit as far as size goes', async () => {
    const padded = JSON.stringify({ question: 'What did inspectors find?', pad: ' '.repeat(BODY_LIMIT - 200) });
    const res = await app.request('/api/answer', json(padded));
    expect(res.status).not.toBe(413);
  });

  it('answers 415 for a non-JSON content type and 400 for malformed JSON', async () => {
    const wrongType = await app.request('/api/answer', { method: 'POST', body: 'question=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrongType.status).toBe(415);
    expect((await errorBody(wrongType)).code).toBe('unsupported_media_type');
    const malformed = await app.request('/api/answer', json('{"question": '));
    expect(malformed.status).toBe(400);
    expect((await errorBody(malformed)).message).toMatch(/malformed JSON/);
  });

  it('names the field a schema refuses', async () => {
    const res = await app.request('/api/answer', json(JSON.stringify({ question: 'ok', topK: 'many' })));
    expect(res.status).toBe(400);
    expect((await errorBody(res)).message).toMatch(/^topK:/);
  });

  it('never leaks a stack trace or a file path in an error', async () => {
    const probes = [
      app.request('/api/answer', json('{"question": ')),
      app.request('/api/answer', json(JSON.stringify({ question: ['x'] }))),
      app.request('/api/search?q=&k=-1'),
      app.request('/api/letters/..%2f..%2fetc%2fpasswd'),
      app.request('/nope'),
    ];
    for (const res of await Promise.all(probes)) {
      const text = await res.text();
      expect(text).not.toMatch(/\bat .+\(.+:\d+:\d+\)|node:internal|\/work\/|\/src\/|\.ts\b/);
    }
  });
});

describe('security headers', () => {
  it('are on every response: success, 4xx and 404 alike', async () => {
    const responses = await Promise.all([
      app.request('/healthz'),
      app.request('/api/letters'),
      app.request('/api/search?q='),
      app.request('/api/answer', json('{')),
      app.request('/nowhere'),
      app.request('/api/answer', json(' '.repeat(70_000))),
    ]);
    for (const res of responses) {
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('content-security-policy')).toMatch(/object-src 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
  });
});

describe('CORS', () => {
  it('is off by default: no Access-Control-Allow-Origin for a foreign origin', async () => {
    const res = await app.request('/api/letters', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request('/api/answer', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the configured origins when opted in', async () => {
    const open = await appOver(t.snapshot, { CORS_ORIGINS: 'https://ok.example' });
    const preflight = await open.request('/api/answer', {
      method: 'OPTIONS',
      headers: { origin: 'https://ok.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://ok.example');
    const other = await open.request('/api/letters', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('cross-site requests and Host names', () => {
  const post = (target: Hono, headers: Record<string, string>, path = '/api/answer') =>
    target.request(`http://127.0.0.1:3000${path}`, json('{"question":"What about caseloads?"}', headers));

  it('refuses a state-changing request from another origin or a cross-site page with 403, whatever the route', async () => {
    const cases: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'http://127.0.0.1:3001' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of cases) {
      const res = await post(app, headers);
      expect(res.status).toBe(403);
      expect((await errorBody(res)).code).toBe('cross_origin');
    }
    const v1 = await post(app, { origin: 'https://evil.example' }, '/v1/chat/completions');
    expect(v1.status).toBe(403);
    expect(await v1.json()).toMatchObject({ error: { code: 'cross_origin', type: 'invalid_request_error' } });
  });

  it('lets through our own origin, scripts without Origin, and the origins in CORS_ORIGINS', async () => {
    expect((await post(app, { origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await post(app, {})).status).toBe(200);
    const open = await appOver(t.snapshot, { CORS_ORIGINS: 'https://ok.example' });
    expect((await post(open, { origin: 'https://ok.example', 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    expect((await post(open, { origin: 'https://evil.example' })).status).toBe(403);
    // Reads are not state-changing: a foreign page gets no CORS header, so it cannot read them anyway.
    expect((await app.request('http://127.0.0.1:3000/api/letters', { headers: { origin: 'https://evil.example' } })).status).toBe(200);
  });

  it('answers only to the loopback names when bound to loopback (421 otherwise); ALLOWED_HOSTS adds names', async () => {
    const get = (target: Hono, host: string) => target.request(`http://${host}/api/letters`);
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST']) expect((await get(app, host)).status).toBe(200);
    const refused = await get(app, 'evil.example:3000');
    expect(refused.status).toBe(421);
    expect((await errorBody(refused)).code).toBe('misdirected_request');
    const listed = await appOver(t.snapshot, { ALLOWED_HOSTS: 'letters.example.org' });
    expect((await get(listed, 'letters.example.org')).status).toBe(200);
    expect((await get(listed, 'evil.example')).status).toBe(421);
    // A public bind with no names listed cannot know its own name: any Host.
    expect((await get(await appOver(t.snapshot, { HOST: '0.0.0.0' }), 'letters.example.org')).status).toBe(200);
    expect((await get(await appOver(t.snapshot, { HOST: '0.0.0.0', ALLOWED_HOSTS: 'a.example' }), 'b.example')).status).toBe(421);
  });
});

import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimit } from '../../src/server/middleware/rate-limit.js';
import { TokenBuckets } from '../../src/server/middleware/token-buckets.js';
import { errorBody, openTestLibrary, type TestLibrary } from '../support/temp-library.js';
import { appOver } from '../support/test-server.js';

describe('TokenBuckets', () => {
  it('allows a burst, then one request per refill interval, and says how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 3, now: () => now });
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1000);
    now += 400;
    expect(buckets.take('a')).toBe(600);
    now += 600;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('b')).toBe(0);
  });

  it('remembers a bounded number of clients', () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) buckets.take(`client-${i}`);
    expect(buckets.size).toBe(100);
  });
});

describe('rate limit middleware', () => {
  it('answers 429 with Retry-After and the JSON error once a client is over', async () => {
    let now = 0;
    const app = new Hono();
    app.use('*', rateLimit({ perMinute: 6, burst: 2, now: () => now, keyOf: (c) => c.req.header('x-client') ?? '' }));
    app.get('/', (c) => c.text('ok'));
    const as = (client: string) => app.request('/', { headers: { 'x-client': client } });
    expect((await as('a')).status).toBe(200);
    expect((await as('a')).status).toBe(200);
    const limited = await as('a');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect((await errorBody(limited)).code).toBe('rate_limited');
    expect((await as('b')).status).toBe(200);
    now += 10_000;
    expect((await as('a')).status).toBe(200);
  });
});

describe('rate limit in the app', () => {
  let t: TestLibrary;
  beforeAll(async () => {
    t = await openTestLibrary();
  });
  afterAll(() => t.cleanup());

  const appWith = (perMinute: number, burst: number) => appOver(t.snapshot, { RATE_LIMIT_PER_MINUTE: String(perMinute), RATE_LIMIT_BURST: String(burst) });
  const ask = (app: Hono) =>
    app.request('/api/answer', { method: 'POST', body: JSON.stringify({ question: 'What did inspectors find?' }), headers: { 'content-type': 'application/json' } });

  it('shares one budget between /api/answer, /api/search and /v1/*, counting each request once', async () => {
    const app = await appWith(1, 4);
    const statuses = [
      (await ask(app)).status,
      (await app.request('/api/search?q=leadership')).status,
      (await ask(app)).status,
      (await app.request('/v1/models')).status,
      (await app.request('/api/search?q=leadership')).status,
    ];
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses[3]).not.toBe(429);
    expect(statuses[4]).toBe(429);
  });

  it('answers /v1/* clients in the OpenAI error shape, with Retry-After (the openai client honours it)', async () => {
    const app = await appWith(1, 1);
    expect((await app.request('/v1/models')).status).toBe(200);
    const limited = await app.request('/v1/models');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await limited.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'rate_limited' });
  });

  it('leaves /healthz and the pages alone; /api/letters, /api/timeline and /api/verify draw on the same budget', async () => {
    const app = await appWith(1, 1);
    await ask(app);
    expect((await ask(app)).status).toBe(429);
    expect((await app.request('/healthz')).status).toBe(200);
    for (const path of ['/api/letters', '/api/timeline?q=caseloads']) expect((await app.request(path)).status).toBe(429);
    const verify = await app.request('/api/verify', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(verify.status).toBe(429);
  });

  it('is off with perMinute 0 (the load test runs so)', async () => {
    const app = await appWith(0, 1);
    for (let i = 0; i < 50; i++) expect((await app.request('/api/search?q=social+workers')).status).toBe(200);
  });
});

describe('default limits by bind', () => {
  let t: TestLibrary;
  beforeAll(async () => {
    t = await openTestLibrary();
  });
  afterAll(() => t.cleanup());
  /** The real defaults: none of testConfig's zeros. */
  const defaults = { RATE_LIMIT_PER_MINUTE: undefined, MODEL_RATE_LIMIT_PER_MINUTE: undefined, UPLOAD_RATE_LIMIT_PER_MINUTE: undefined };
  const routes = (app: Hono) => [
    () =>
      app.request('/api/answer', {
        method: 'POST',
        body: JSON.stringify({ question: 'What did inspectors find about caseloads?' }),
        headers: { 'content-type': 'application/json' },
      }),
    () => app.request('/api/search?q=caseloads'),
    () => app.request('/api/letters'),
    () => app.request('/api/timeline?q=caseloads'),
    () => app.request('/api/verify', { method: 'POST', body: JSON.stringify({ answer: 'x', citations: [] }), headers: { 'content-type': 'application/json' } }),
    () => app.request('/v1/models'),
  ];

  it('on a loopback bind, a script reading in a loop is not stopped (300 reads, 0 refused)', async () => {
    const app = await appOver(t.snapshot, { ...defaults, HOST: '127.0.0.1' });
    const statuses = new Map<number, number>();
    for (let i = 0; i < 50; i++) {
      for (const r of routes(app)) {
        const { status } = await r();
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    expect(statuses.get(429)).toBeUndefined();
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  });

  it('on a public bind, every route hit in a loop ends in 429 with Retry-After, never a 5xx', async () => {
    const app = await appOver(t.snapshot, { ...defaults, HOST: '0.0.0.0' });
    for (const r of routes(app)) {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await r()).status);
      expect(statuses.some((s) => s >= 500)).toBe(false);
      expect(statuses.at(-1)).toBe(429);
    }
  });
});

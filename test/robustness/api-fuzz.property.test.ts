import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FullApp, openFullApp } from '../support/full-app.js';

let full: FullApp;
let app: Hono;

beforeAll(async () => {
  full = await openFullApp();
  app = full.app;
});
afterAll(() => full.cleanup());

/**
 * Never a 5xx; every refusal is {"error":{"code","message"}} (the letter viewer's HTML 404 page
 * aside); every API success is JSON or a stream without an error event.
 */
async function expectWellBehaved(res: Response, what: string): Promise<void> {
  expect(res.status, what).toBeLessThan(500);
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  if (type.startsWith('text/event-stream')) {
    expect(text, what).not.toContain('event: error');
    return;
  }
  if (!type.startsWith('application/json')) {
    // Pages and assets: HTML, CSS, JS, SVG; an unknown letter's viewer is the HTML not-found page.
    expect(type, what).toMatch(/^(text\/html|text\/css|text\/javascript|image\/svg\+xml)/);
    if (res.status >= 400) expect(what).toMatch(/\/letters\//);
    return;
  }
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; type?: unknown } };
  if (res.status >= 400) {
    expect(typeof body.error?.message, what).toBe('string');
    // /v1/* speaks OpenAI's shape ({message, type, param, code}), where code may be null.
    if (/\/v1\//.test(what)) expect(typeof body.error?.type === 'string' || typeof body.error?.code === 'string', what).toBe(true);
    else expect(typeof body.error?.code, what).toBe('string');
  }
}

const letterId = fc.oneof(fc.constantFrom('croydon-2019-12-18', 'croydon-2018-08-02'), fc.string({ maxLength: 30 }));
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), letterId, fc.integer(), fc.double(), fc.constant(null));
const someFields = <K extends string>(keys: K[]) => fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), anyValue, { maxKeys: 6 });

const questions = fc.oneof(
  fc.constantFrom(
    'What did inspectors find about caseloads?',
    'Who were the inspectors?',
    'How did leadership change between visits?',
    'caseloads',
    'What is the capital of France?',
    'constructor',
    '__proto__ toString hasOwnProperty',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }),
);
const validAnswer = fc.record(
  {
    question: questions,
    topK: fc.integer({ min: 1, max: 20 }),
    letterIds: fc.subarray(['croydon-2019-12-18', 'croydon-2018-08-02'], { minLength: 1 }),
    from: fc.constantFrom('2018-01-01', '2019-06-30'),
    to: fc.constantFrom('2019-12-31', '2030-01-01'),
    history: fc.array(fc.record({ role: fc.constantFrom('user' as const, 'assistant' as const), content: fc.string({ maxLength: 80 }) }), { maxLength: 3 }),
  },
  { requiredKeys: ['question'] },
);

/** Bodies from valid to absurd: valid requests, valid with one field spoiled, any JSON, raw text. */
const answerBody = fc.oneof(
  { weight: 3, arbitrary: validAnswer.map((o) => JSON.stringify(o)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(validAnswer, fc.constantFrom('question', 'topK', 'letterIds', 'from', 'to', 'history', 'extra'), anyValue)
      .map(([o, k, v]) => JSON.stringify({ ...o, [k]: v })),
  },
  { weight: 1, arbitrary: someFields(['question', 'topK', 'letterIds', 'history']).map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

const validSearch = fc
  .record(
    { q: questions, k: fc.integer({ min: 1, max: 50 }).map(String), letterIds: fc.constantFrom('croydon-2019-12-18', 'croydon-2018-08-02,croydon-2019-12-18') },
    { requiredKeys: ['q'] },
  )
  .map((o) => new URLSearchParams(o).toString());

const queryString = fc.oneof(
  validSearch,
  someFields(['q', 'k', 'letterIds', 'from', 'to']).map((o) =>
    new URLSearchParams(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString(),
  ),
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[#\s]/g, '')),
  fc.constantFrom('q=%zz', 'q=%', 'q=a&q=b&k=1&k=2', 'q=caseloads&letterIds=,,,', 'q=x&k=1e3', 'q=x&k=NaN', 'q=x&from=2019-01-01&to=2018-01-01', 'q=%00', `q=${'a'.repeat(3000)}`),
);

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/vnd.api+json', ''];

const validChat = fc.record(
  {
    model: fc.constantFrom('letters-assistant', 'gpt-4o-mini'),
    messages: fc
      .tuple(fc.array(fc.record({ role: fc.constantFrom('system', 'user', 'assistant'), content: fc.string({ maxLength: 60 }) }), { maxLength: 3 }), questions)
      .map(([before, q]) => [...before, { role: 'user', content: q }]),
    stream: fc.boolean(),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    topK: fc.integer({ min: 1, max: 20 }),
  },
  { requiredKeys: ['messages'] },
);
const chatBody = fc.oneof(
  { weight: 3, arbitrary: validChat.map((o) => JSON.stringify(o)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(validChat, fc.constantFrom('model', 'messages', 'stream', 'temperature', 'topK', 'letterIds', 'stream_options'), anyValue)
      .map(([o, k, v]) => JSON.stringify({ ...o, [k]: v })),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

describe('every route on arbitrary input', () => {
  it('POST /v1/chat/completions: never 5xx, always an error object', async () => {
    await fc.assert(
      fc.asyncProperty(chatBody, async (body) => {
        const res = await app.request('/v1/chat/completions', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
        await expectWellBehaved(res, `/v1/chat/completions ${body.slice(0, 200)}`);
      }),
      { numRuns: 150 },
    );
  });

  it('POST /api/answer: never 5xx, always the JSON error shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        answerBody,
        fc.oneof({ weight: 5, arbitrary: fc.constant('application/json') }, fc.constantFrom(...CONTENT_TYPES)),
        fc.boolean(),
        async (body, type, stream) => {
          const headers: Record<string, string> = type ? { 'content-type': type } : {};
          if (stream) headers.accept = 'text/event-stream';
          const res = await app.request('/api/answer', { method: 'POST', body, headers });
          await expectWellBehaved(res, `${type} ${body.slice(0, 200)}`);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('GET /api/search: never 5xx, always the JSON error shape', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, async (qs) => {
        const res = await app.request(`/api/search?${qs}`);
        await expectWellBehaved(res, qs.slice(0, 200));
      }),
      { numRuns: 200 },
    );
  });

  it('every other route, any method, any path below it, any query and body', async () => {
    const routes = [
      '/healthz',
      '/api/letters',
      '/api/letters/',
      '/api/verify',
      '/api/answer',
      '/api/search',
      '/api/timeline',
      '/api/reindex',
      '/v1/chat/completions',
      '/v1/models',
      '/v1/models/',
      '/letters',
      '/letters/',
      '/assets/',
      '/assets/js/',
      '/',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.constant(''), letterId.map(encodeURIComponent)),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
        queryString,
        answerBody,
        async (route, tail, method, qs, body) => {
          const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
          if (method !== 'GET' && method !== 'HEAD') init.body = body;
          const res = await app.request(`${route}${tail}?${qs}`, init);
          expect(res.status, `${method} ${route}${tail}`).toBeLessThan(500);
          if (method !== 'HEAD' && method !== 'OPTIONS') await expectWellBehaved(res, `${method} ${route}${tail}?${qs.slice(0, 100)}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});

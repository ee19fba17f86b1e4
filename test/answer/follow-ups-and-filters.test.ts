import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import { L2018, L2019, postJson, seedApp } from '../support/seed-app.js';

let app: Awaited<ReturnType<typeof seedApp>>['app'];

beforeAll(async () => {
  ({ app } = await seedApp());
});

async function ask(body: Record<string, unknown>): Promise<Answer> {
  const res = await postJson(app, '/api/answer', body);
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}
const exchange = (question: string, answer: string) => [
  { role: 'user', content: question },
  { role: 'assistant', content: answer },
];
const strip = ({ tookMs: _t, ...a }: Answer) => a;

describe('follow-ups', () => {
  it('answers a short complete question on its own, not as the previous one', async () => {
    const first = await ask({ question: 'How many children are on child protection plans?' });
    const alone = await ask({ question: 'Who are the inspectors?' });
    const after = await ask({ question: 'Who are the inspectors?', history: exchange('How many children are on child protection plans?', first.answer) });
    expect(after.answeredQuestion).toBeUndefined();
    expect(strip(after)).toEqual(strip(alone));
    expect(after.answer).not.toBe(first.answer);
  });

  it('answers a scope-changing follow-up as rewritten, from the letter it moves to, and says so', async () => {
    const first = await ask({ question: 'What did inspectors say about supervision in 2019?' });
    expect(first.citations[0]?.letterId).toBe(L2019);
    const a = await ask({ question: 'And in 2018?', history: exchange('What did inspectors say about supervision in 2019?', first.answer) });
    expect(a.answeredQuestion).toBe('What did inspectors say about supervision in 2018?');
    expect(a.found).toBe(true);
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.citations.every((c) => c.letterId === L2018)).toBe(true);
  });

  it('moves the scope through /v1 too', async () => {
    const res = await postJson(app, '/v1/chat/completions', {
      messages: [
        { role: 'user', content: 'What did inspectors say about supervision in 2019?' },
        { role: 'assistant', content: 'Supervision is regular [1].' },
        { role: 'user', content: 'And in 2018?' },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { citations: { letterId: string }[]; letters_assistant: { answeredQuestion?: string } };
    expect(body.letters_assistant.answeredQuestion).toBe('What did inspectors say about supervision in 2018?');
    expect(body.citations.length).toBeGreaterThan(0);
    expect(body.citations.every((c) => c.letterId === L2018)).toBe(true);
  });
});

describe('refusals', () => {
  it('carry no claims to check', async () => {
    const a = await ask({ question: 'What is the recipe for a Victoria sponge cake?' });
    expect(a.found).toBe(false);
    expect(a.claims).toEqual([]);
  });
});

describe('filters', () => {
  it.each([
    [{ from: '2025-01-01' }, /^No letter matches these filters: from 1 January 2025\.$/],
    [{ from: '2019-06-01', to: '2019-01-01' }, /^No letter matches these filters: from 1 June 2019 is after to 1 January 2019\.$/],
    [{ authority: 'Kent' }, /^No letter matches these filters: authority Kent\.$/],
    [{ authority: 'Croydon', kind: 'inspection' }, /^No letter matches these filters: authority Croydon, kind inspection\.$/],
  ])('that match no letter say so: %j', async (filters, message) => {
    const a = await ask({ question: 'What is the staff vacancy rate?', ...filters });
    expect(a.found).toBe(false);
    expect(a.noLetterMatches).toBe(true);
    expect(a.answer).toMatch(message);
    expect(a.citations).toEqual([]);
  });

  it.each(['2019-13-45', '2019-02-30', '2019-1-1'])('reject an impossible date %s with a 400 naming the field', async (from) => {
    const res = await postJson(app, '/api/answer', { question: 'What is the staff vacancy rate?', from });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^from: /);
  });

  it('reject an unknown kind with a 400 that lists the kinds', async () => {
    const res = await postJson(app, '/api/answer', { question: 'What is the staff vacancy rate?', kind: 'report' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/kind.*"monitoring visit"/);
  });

  it.each(['Croydon', 'london borough of croydon', ['Kent', 'Croydon']])('take an authority by place or full name: %j', async (authority) => {
    const a = await ask({ question: 'What is the staff vacancy rate?', authority, kind: 'monitoring visit' });
    expect(a.found).toBe(true);
    expect(a.citations.length).toBeGreaterThan(0);
  });

  it('narrow search and timeline by authority, kind and dates', async () => {
    const search = (await (await app.request('/api/search?q=caseloads&authority=Croydon&kind=monitoring%20visit&from=2019-01-01')).json()) as { results: { letterId: string }[] };
    expect(search.results.length).toBeGreaterThan(0);
    expect(search.results.every((r) => r.letterId === L2019)).toBe(true);
    const none = (await (await app.request('/api/search?q=caseloads&authority=Kent')).json()) as { results: unknown[]; noLetterMatches: string };
    expect(none).toEqual({ results: [], noLetterMatches: 'No letter matches these filters: authority Kent.' });
    const timeline = (await (await app.request('/api/timeline?q=caseloads&authority=Croydon&to=2018-12-31')).json()) as { letters: { letterId: string }[] };
    expect(timeline.letters.map((l) => l.letterId)).toEqual([L2018]);
    expect((await app.request('/api/timeline?q=caseloads&from=2019-13-45')).status).toBe(400);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import type { Citation } from '../../src/corpus/citation.js';
import { type ChatBody, firstSentence, passagesIn } from '../fakes/fake-openai-server.js';
import { askJson, askStream, eventually, expectVerifiable, type Harness, startHarness } from '../support/model-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

const QUESTION = { question: 'How often do social workers in the fostering team visit children?' };
const TIMEOUT = 400;
const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
const sentencesOf = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z])/).map(normalize);

describe('model answers through an OpenAI-compatible endpoint', () => {
  it('answers with the model and quotes, for each [n], the sentence of passage n that supports the citing sentence', async () => {
    let given = new Map<number, string>();
    h.fake.behave((body) => {
      given = passagesIn(body);
      const second = sentencesOf(given.get(2) ?? '')[1] ?? sentencesOf(given.get(2) ?? '')[0];
      return { kind: 'reply', text: `First, ${firstSentence(given.get(1) ?? '')} [1] Also, ${second} [2]` };
    });
    const answer = await askJson(await h.appWith({ timeoutMs: 3000 }), QUESTION);

    expect(answer.mode).toBe('llm');
    expect(answer.model).toBe('fake-model');
    expect(answer.found).toBe(true);
    expect(answer.degraded).toBeUndefined();
    expect(expectVerifiable(answer, h.lib.library)).toEqual([]);
    expect(answer.citations.map((c) => c.ref)).toEqual([1, 2]);
    const [c1, c2] = answer.citations as [Citation, Citation];
    expect(normalize(c1.quote)).toBe(firstSentence(given.get(1) ?? ''));
    expect(normalize(c2.quote)).toBe(sentencesOf(given.get(2) ?? '')[1] ?? sentencesOf(given.get(2) ?? '')[0]);
    // The request carried the limits we set, not the library's defaults.
    const sent = h.fake.requests[0]?.body as ChatBody;
    expect(sent.model).toBe('fake-model');
    expect(sent.max_completion_tokens).toBe(600);
  });

  it('drops [n] markers that name no passage it was given', async () => {
    h.fake.behave((body) => ({ kind: 'reply', text: `${firstSentence(passagesIn(body).get(1) ?? '')} [1][7] Inspectors praised everything [99]. Visits are recorded [0].` }));
    const answer = await askJson(await h.appWith({ timeoutMs: 3000 }), QUESTION);
    expect(answer.mode).toBe('llm');
    expect(answer.answer).not.toMatch(/\[(?:7|99|0)\]/);
    expect(answer.answer).toContain('Inspectors praised everything.');
    expect(answer.citations.map((c) => c.ref)).toEqual([1]);
    expect(expectVerifiable(answer, h.lib.library)).toEqual([]);
  });

  it('keeps the model saying the letters do not cover it, when the letters agree; otherwise the letters answer', async () => {
    h.fake.behave(() => ({ kind: 'reply', text: 'The letters provided do not say.' }));
    const app = await h.appWith({ timeoutMs: 3000 });
    const offTopic = await askJson(app, { question: 'What did inspectors say about adult social care in Birmingham?' });
    expect(offTopic).toMatchObject({ mode: 'llm', found: false, citations: [], answer: 'The letters provided do not say.' });
    const covered = await askJson(app, QUESTION);
    expect(covered.mode).toBe('extractive');
    expect(covered.found).toBe(true);
    expect(covered.degraded?.reason).toMatch(/cited none of the passages/);
  });

  it('falls back to a degraded extractive answer within the timeout when the model stalls', async () => {
    h.fake.behave(() => ({ kind: 'stall' }));
    const started = performance.now();
    const answer = await askJson(await h.appWith({ timeoutMs: TIMEOUT }), QUESTION);
    const elapsed = performance.now() - started;
    expect(answer.mode).toBe('extractive');
    expect(answer.degraded?.reason).toMatch(new RegExp(`${TIMEOUT} ms`));
    expect(answer.found).toBe(true);
    expect(expectVerifiable(answer, h.lib.library)).toEqual([]);
    expect(elapsed).toBeLessThan(TIMEOUT + 1000);
    expect(await eventually(() => h.fake.requests[0]?.aborted === true)).toBe(true);
  });

  const failures: [string, Parameters<Harness['fake']['behave']>[0], RegExp][] = [
    ['429', () => ({ kind: 'status', status: 429, headers: { 'retry-after-ms': '5' } }), /429/],
    ['500', () => ({ kind: 'status', status: 500, headers: { 'retry-after-ms': '5' } }), /HTTP 500/],
    ['a dropped connection', () => ({ kind: 'close' }), /could not be reached/],
    ['a garbled reply', () => ({ kind: 'garbled' }), /could not be read/],
    ['an empty reply', () => ({ kind: 'reply', text: '   ' }), /empty reply/],
  ];
  for (const [what, behaviour, reason] of failures) {
    it(`falls back on ${what}, after the configured retry, without leaking the endpoint's error text`, async () => {
      h.fake.behave(behaviour);
      const res = await (await h.appWith({ timeoutMs: 2000, retries: 1 })).request('/api/answer', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(QUESTION),
      });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as Answer;
      expect(answer.mode).toBe('extractive');
      expect(answer.degraded?.reason).toMatch(reason);
      expect(JSON.stringify(answer)).not.toContain('sk-secret');
      expect(expectVerifiable(answer, h.lib.library)).toEqual([]);
      const retried = what === '429' || what === '500' || what === 'a dropped connection';
      expect(h.fake.requests.length).toBe(retried ? 2 : 1);
    });
  }

  it('does not obey a Retry-After of an hour: the timeout still bounds the wait', async () => {
    h.fake.behave(() => ({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } }));
    const started = performance.now();
    const answer = await askJson(await h.appWith({ timeoutMs: TIMEOUT, retries: 1 }), QUESTION);
    expect(answer.mode).toBe('extractive');
    expect(performance.now() - started).toBeLessThan(TIMEOUT + 1000);
  });
});

describe('streamed model answers', () => {
  it('says it is writing, sends citations, then the text as it arrives, then the checked answer, the pieces adding up to it', async () => {
    h.fake.behave((body) => ({ kind: 'reply', chunkSize: 6, text: `${firstSentence(passagesIn(body).get(1) ?? '')} [1] That is all [42].` }));
    const events = await askStream(await h.appWith({ timeoutMs: 3000 }), QUESTION);
    const kinds = events.map((e) => e.event);
    expect(kinds.slice(0, 2)).toEqual(['writing', 'citations']);
    expect(kinds.at(-1)).toBe('done');
    expect(kinds.slice(2, -1).every((k) => k === 'delta')).toBe(true);
    expect(kinds.length).toBeGreaterThan(4);
    const done = events.at(-1)?.data as Answer;
    const streamed = events
      .filter((e) => e.event === 'delta')
      .map((e) => (e.data as { text: string }).text)
      .join('');
    expect(streamed).toBe(done.answer);
    expect(done.mode).toBe('llm');
    expect(done.answer).toMatch(/That is all\.$/);
    expect(expectVerifiable(done, h.lib.library)).toEqual([]);
  });

  it('aborts a stream that goes quiet and completes the answer from the letters', async () => {
    const reply = 'Social workers in the fostering team visit children every four weeks [1]. They also check the records and the plans and the';
    h.fake.behave(() => ({ kind: 'reply', text: reply, chunkSize: 10, stallAfterChunks: 8 }));
    const started = performance.now();
    const events = await askStream(await h.appWith({ timeoutMs: TIMEOUT }), QUESTION);
    expect(performance.now() - started).toBeLessThan(TIMEOUT + 1500);
    expect(events.slice(0, 2).map((e) => e.event)).toEqual(['writing', 'citations']);
    const done = events.at(-1)?.data as Answer;
    expect(events.at(-1)?.event).toBe('done');
    expect(done.degraded?.reason).toMatch(/stopped answering/);
    const streamed = events
      .filter((e) => e.event === 'delta')
      .map((e) => (e.data as { text: string }).text)
      .join('');
    expect(streamed).toBe(done.answer);
    expect(done.answer.startsWith('Social workers in the fostering team visit children every four weeks [1].')).toBe(true);
    expect(expectVerifiable(done, h.lib.library)).toEqual([]);
    expect(await eventually(() => h.fake.requests[0]?.aborted === true)).toBe(true);
  });

  it('streams the extractive answer in the same order when the model fails before its first word', async () => {
    h.fake.behave(() => ({ kind: 'status', status: 500 }));
    const events = await askStream(await h.appWith({ timeoutMs: TIMEOUT }), QUESTION);
    expect(events.map((e) => e.event).filter((k, i, all) => k !== all[i - 1])).toEqual(['writing', 'citations', 'delta', 'done']);
    const done = events.at(-1)?.data as Answer;
    expect(done.mode).toBe('extractive');
    expect(done.degraded?.reason).toMatch(/HTTP 500/);
  });
});

describe('follow-up questions', () => {
  const history = [
    { role: 'user', content: 'How often do social workers in the fostering team visit children in Exampleshire?' },
    { role: 'assistant', content: 'Every four weeks [1].' },
  ];

  it('has the model rewrite the follow-up into a standalone query, and searches with it', async () => {
    const rewrite = 'What are caseloads like in the Exampleshire fostering team?';
    h.fake.behave((body) => {
      if (/standalone search query/.test(body.messages[0]?.content ?? '')) return { kind: 'reply', text: rewrite };
      return { kind: 'reply', text: `${firstSentence(passagesIn(body).get(1) ?? '')} [1]` };
    });
    const answer = await askJson(await h.appWith({ timeoutMs: 3000 }), { question: 'And caseloads?', history });
    const [condense, answerCall] = h.fake.requests.map((r) => r.body);
    expect(condense?.messages.at(-1)?.content).toContain('And caseloads?');
    expect(condense?.messages.at(-1)?.content).toContain('fostering team visit children in Exampleshire');
    const prompt = answerCall?.messages.at(-1)?.content ?? '';
    expect(prompt).toContain(`(In full: ${rewrite})`);
    expect(prompt).toMatch(/Caseloads in the fostering team have fallen/);
    // The earlier turns go along, without their stale [n] markers.
    expect(answerCall?.messages.some((m) => m.role === 'assistant' && m.content === 'Every four weeks.')).toBe(true);
    expect(answer.mode).toBe('llm');
  });

  it('does not wait twice for a model that timed out while condensing', async () => {
    h.fake.behave(() => ({ kind: 'stall' }));
    const started = performance.now();
    const answer = await askJson(await h.appWith({ timeoutMs: TIMEOUT }), { question: 'And caseloads?', history });
    expect(performance.now() - started).toBeLessThan(2 * TIMEOUT);
    expect(h.fake.requests).toHaveLength(1);
    expect(answer.mode).toBe('extractive');
    expect(answer.degraded?.reason).toMatch(/within/);
  });
});

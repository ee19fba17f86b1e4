import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import { type FakeOpenAI, firstSentence, passagesIn, startFakeOpenAI } from '../fakes/fake-openai-server.js';
import { openTestLibrary, type TestLibrary } from '../support/temp-library.js';
import { appOver } from '../support/test-server.js';

let fake: FakeOpenAI;
let t: TestLibrary;
beforeAll(async () => {
  [fake, t] = await Promise.all([startFakeOpenAI(), openTestLibrary()]);
});
afterAll(async () => {
  await fake.close();
  await t.cleanup();
});

describe('the cap on concurrent model calls (MODEL_CONCURRENCY, MODEL_QUEUE)', () => {
  it('lets one client’s burst reach the model only as far as the cap; the rest fall back to extractive, marked degraded', async () => {
    let active = 0;
    let peak = 0;
    fake.behave((body) => {
      active = fake.requests.filter((r) => r.path === '/v1/chat/completions' && !r.finished && !r.aborted).length;
      peak = Math.max(peak, active);
      const first = passagesIn(body).get(1) ?? '';
      return { kind: 'reply', text: `The letter says: ${firstSentence(first)} [1]`, chunkSize: 4, chunkDelayMs: 40 };
    });
    const app = await appOver(t.snapshot, {
      OPENAI_BASE_URL: fake.baseURL,
      CHAT_MODEL: 'fake-model',
      LLM_TIMEOUT_MS: '5000',
      LLM_MAX_RETRIES: '0',
      MODEL_CONCURRENCY: '2',
      MODEL_QUEUE: '1',
    });

    const ask = async () => {
      const res = await app.request('/api/answer', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'Who were the inspectors?' }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as Answer;
    };
    const answers = await Promise.all(Array.from({ length: 8 }, ask));

    expect(peak).toBeLessThanOrEqual(2);
    const byModel = answers.filter((a) => a.mode === 'llm');
    const refused = answers.filter((a) => a.mode === 'extractive' && /waiting for the model/.test(a.degraded?.reason ?? ''));
    // Two run, one waits its turn: three reach the model; the other five are told it is busy.
    expect(byModel).toHaveLength(3);
    expect(refused).toHaveLength(5);
    for (const a of refused) expect(a.citations.length).toBeGreaterThan(0);
  });
});

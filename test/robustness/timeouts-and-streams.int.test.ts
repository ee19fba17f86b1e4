import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/answer/answer-service.js';
import type { Answer, AnswerEvent, AnswerRequest } from '../../src/answer/answer-types.js';
import { startServer } from '../../src/server/start-server.js';
import { errorBody, openTestLibrary, type TestLibrary } from '../support/temp-library.js';
import { appOver } from '../support/test-server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EMPTY: Answer = { answer: 'done', found: false, citations: [], mode: 'extractive', tookMs: 0 };

/** An answer service that takes its time, and records what happens to a stream. */
class SlowAnswers extends AnswerService {
  streamEnded = false;
  sawAbort = false;
  delivered = 0;

  constructor(
    t: TestLibrary,
    private readonly answerMs: number,
    private readonly pieces: number,
  ) {
    super(() => t.snapshot);
  }

  override async answer(_req: AnswerRequest): Promise<Answer> {
    await sleep(this.answerMs);
    return EMPTY;
  }

  override async *stream(_req: AnswerRequest, signal?: AbortSignal): AsyncGenerator<AnswerEvent> {
    try {
      yield { type: 'citations', citations: [] };
      for (let i = 0; i < this.pieces; i++) {
        await sleep(25);
        if (signal?.aborted) {
          this.sawAbort = true;
          return;
        }
        this.delivered++;
        yield { type: 'delta', text: `piece ${i} ` };
      }
      yield { type: 'done', answer: EMPTY };
    } finally {
      this.streamEnded = true;
    }
  }
}

let t: TestLibrary;
beforeAll(async () => {
  t = await openTestLibrary();
});
afterAll(() => t.cleanup());

const post = (accept = 'application/json') => ({
  method: 'POST',
  body: JSON.stringify({ question: 'anything' }),
  headers: { 'content-type': 'application/json', accept },
});

describe('request timeout', () => {
  it('answers 504 with the JSON error when a non-streaming answer is too slow', async () => {
    const slow = new SlowAnswers(t, 400, 0);
    const app = await appOver(t.snapshot, { REQUEST_TIMEOUT_MS: '100' }, { answers: () => slow });
    const started = Date.now();
    const res = await app.request('/api/answer', post());
    expect(res.status).toBe(504);
    expect((await errorBody(res)).code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(350);
  });

  it('never cuts a stream that outlives the timeout', async () => {
    const answers = new SlowAnswers(t, 0, 10);
    const app = await appOver(t.snapshot, { REQUEST_TIMEOUT_MS: '100' }, { answers: () => answers });
    const res = await app.request('/api/answer', post('text/event-stream'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('event: done');
    expect(answers.delivered).toBe(10);
  });
});

describe('a stream whose client goes away', () => {
  it('stops producing and ends on the server', async () => {
    const answers = new SlowAnswers(t, 0, 400);
    const app = await appOver(t.snapshot, {}, { answers: () => answers });
    const server = await startServer(app, 0, '127.0.0.1');
    try {
      const client = new AbortController();
      const res = await fetch(`${server.url}/api/answer`, { ...post('text/event-stream'), signal: client.signal });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let seen = '';
      while (!seen.includes('event: delta')) seen += new TextDecoder().decode((await reader.read()).value);
      client.abort();
      for (let i = 0; i < 100 && !answers.streamEnded; i++) await sleep(20);
      expect(answers.streamEnded).toBe(true);
      // 400 pieces at 25 ms would take 10 s; it stopped within a few pieces of the client leaving.
      expect(answers.delivered).toBeLessThan(40);
    } finally {
      await server.close(200);
    }
  });
});

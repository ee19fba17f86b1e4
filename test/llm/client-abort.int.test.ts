import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { eventually, type Harness, startHarness } from '../support/model-harness.js';

/** Long enough that only the client's abort can explain a cancelled upstream call. */
const TIMEOUT = 20_000;
let h: Harness;
let server: RunningServer;

beforeAll(async () => {
  h = await startHarness();
  server = await startServer(await h.appWith({ timeoutMs: TIMEOUT }), 0, '127.0.0.1');
});
afterAll(async () => {
  await server.close(0);
  await h.close();
});
beforeEach(() => {
  h.fake.reset();
  h.fake.behave(() => ({ kind: 'stall' }));
});

const body = JSON.stringify({ question: 'How often do social workers in the fostering team visit children?' });

async function abortAfterUpstreamStarts(accept: string): Promise<void> {
  const client = new AbortController();
  const res = fetch(`${server.url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body, signal: client.signal });
  res.catch(() => {});
  expect(await eventually(() => h.fake.requests.length === 1)).toBe(true);
  client.abort();
}

describe('a client that goes away', () => {
  it('cancels the upstream model call of a JSON answer', async () => {
    await abortAfterUpstreamStarts('application/json');
    expect(await eventually(() => h.fake.requests[0]?.aborted === true)).toBe(true);
  });

  it('cancels the upstream model call of a streamed answer', async () => {
    await abortAfterUpstreamStarts('text/event-stream');
    expect(await eventually(() => h.fake.requests[0]?.aborted === true)).toBe(true);
  });

  it('cancels the upstream call when a /v1 client aborts its stream', async () => {
    h.fake.behave(() => ({ kind: 'reply', text: 'Social workers visit every four weeks [1]. And then', chunkSize: 10, stallAfterChunks: 5 }));
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', timeout: 5000, maxRetries: 0 });
    const stream = await openai.chat.completions.create({
      model: 'letters-assistant',
      stream: true,
      messages: [{ role: 'user', content: 'How often do social workers in the fostering team visit children?' }],
    });
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (text.includes('[1]')) break; // leaving the loop aborts the request
    }
    expect(await eventually(() => h.fake.requests[0]?.aborted === true)).toBe(true);
  });
});

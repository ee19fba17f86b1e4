import OpenAI, { AuthenticationError, BadRequestError, NotFoundError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Citation } from '../../src/corpus/citation.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { firstSentence, passagesIn } from '../fakes/fake-openai-server.js';
import { type Harness, startHarness } from '../support/model-harness.js';
import { appOver } from '../support/test-server.js';

const TOKEN = 'test-token-1234';
let h: Harness;
let open: RunningServer;
let guarded: RunningServer;

beforeAll(async () => {
  h = await startHarness();
  [open, guarded] = await Promise.all([
    startServer(await h.appWith({ timeoutMs: 3000 }), 0, '127.0.0.1'),
    startServer(await h.appWith({ timeoutMs: 3000, apiToken: TOKEN }), 0, '127.0.0.1'),
  ]);
});
afterAll(async () => {
  await Promise.all([open.close(0), guarded.close(0)]);
  await h.close();
});
beforeEach(() => {
  h.fake.reset();
  h.fake.behave((body) => ({ kind: 'reply', chunkSize: 9, text: `${firstSentence(passagesIn(body).get(1) ?? '')} [1] Nothing else [2][77].` }));
});

const client = (server: RunningServer, apiKey = 'anything') => new OpenAI({ baseURL: `${server.url}/v1`, apiKey, timeout: 10_000, maxRetries: 0 });
const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'How often do social workers in the fostering team visit children?' },
];

interface Extras {
  citations: Citation[];
  letters_assistant: { mode: string; found: boolean; model?: string };
}

function expectAnnotationsMatch(content: string, annotations: OpenAI.Chat.ChatCompletionMessage.Annotation[], citations: Citation[], origin: string) {
  expect(annotations.length).toBe([...content.matchAll(/\[\d+\]/g)].length);
  for (const a of annotations) {
    const marker = content.slice(a.url_citation.start_index, a.url_citation.end_index);
    const cited = citations.find((c) => `[${c.ref}]` === marker);
    expect(cited, marker).toBeDefined();
    // Absolute, from the request's origin: a client outside the page can open it.
    expect(a.url_citation.url).toBe(`${origin}/letters/${cited?.letterId}#p${cited?.paragraph}`);
  }
  for (const c of citations) expect(h.lib.library.letter(c.letterId)?.text.slice(c.start, c.end)).toBe(c.quote);
}

describe('our OpenAI-compatible API, called with the openai package', () => {
  it('lists the assistant as a model and says how it answers', async () => {
    const models = await client(open).models.list();
    const ours = models.data.find((m) => m.id === 'letters-assistant') as OpenAI.Models.Model & { mode?: string; chat_model?: string };
    expect(ours).toBeDefined();
    expect(ours.mode).toBe('llm');
    expect(ours.chat_model).toBe('fake-model');
  });

  it('answers a chat completion with url_citation annotations and our citations', async () => {
    const completion = await client(open).chat.completions.create({ model: 'letters-assistant', messages, temperature: 0.2, user: 'ignored-field' });
    expect(completion.object).toBe('chat.completion');
    const message = completion.choices[0]?.message;
    const content = message?.content ?? '';
    expect(content).toMatch(/\[1\]/);
    expect(content).not.toContain('[77]');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const extras = completion as unknown as Extras;
    expect(extras.letters_assistant.mode).toBe('llm');
    expectAnnotationsMatch(content, message?.annotations ?? [], extras.citations, open.url);
    // The system message is the caller's, not ours: it never reaches the model.
    expect(h.fake.requests[0]?.body.messages.some((m) => m.content === 'You are a helpful assistant.')).toBe(false);
  });

  it('streams chat.completion.chunk events whose content adds up to the answer, annotated at the end', async () => {
    const stream = await client(open).chat.completions.create({ model: 'letters-assistant', messages, stream: true, stream_options: { include_usage: true } });
    let content = '';
    let chunks = 0;
    let last: (OpenAI.Chat.ChatCompletionChunk & Partial<Extras>) | undefined;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      chunks++;
      content += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.choices[0]?.finish_reason) last = chunk;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(last?.choices[0]?.finish_reason).toBe('stop');
    const delta = last?.choices[0]?.delta as { annotations?: OpenAI.Chat.ChatCompletionMessage.Annotation[] };
    const annotations = delta.annotations ?? [];
    expectAnnotationsMatch(content, annotations, last?.citations ?? [], open.url);
    expect(usage?.completion_tokens).toBeGreaterThan(0);

    const whole = await client(open).chat.completions.create({ model: 'letters-assistant', messages });
    expect(content).toBe(whole.choices[0]?.message.content);
  });

  it('reports bad requests and unknown routes in the OpenAI error shape', async () => {
    const err = await client(open)
      .chat.completions.create({ model: 'letters-assistant', messages: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).error).toMatchObject({ type: 'invalid_request_error', param: 'messages', message: expect.stringMatching(/messages/) });
    const noQuestion = await client(open)
      .chat.completions.create({ model: 'letters-assistant', messages: [{ role: 'system', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(noQuestion).toBeInstanceOf(BadRequestError);
    const missing = await client(open)
      .models.retrieve('gpt-4')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).code).toBe('model_not_found');
    for (const stream of [false, true]) {
      const unknownModel = await client(open)
        .chat.completions.create({ model: 'gpt-4o', messages, stream })
        .catch((e: unknown) => e);
      expect(unknownModel).toBeInstanceOf(NotFoundError);
      expect((unknownModel as NotFoundError).error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found', message: expect.stringContaining('gpt-4o') });
    }
    const res = await fetch(`${open.url}/v1/embeddings`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { type: 'not_found_error', message: expect.any(String) } });
  });
});

describe('API_TOKEN', () => {
  it('refuses /v1 callers without the token, in the OpenAI shape, and serves those with it', async () => {
    const err = await client(guarded, 'wrong-token')
      .models.list()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as AuthenticationError).error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const completion = await client(guarded, TOKEN).chat.completions.create({ model: 'letters-assistant', messages });
    expect(completion.choices[0]?.message.content).toMatch(/\[1\]/);
    const stream = await client(guarded, TOKEN).chat.completions.create({ model: 'letters-assistant', messages, stream: true });
    let content = '';
    for await (const chunk of stream) content += chunk.choices[0]?.delta?.content ?? '';
    expect(content).toBe(completion.choices[0]?.message.content);
  });

  it('guards /api/* too, in our error shape, and leaves /healthz and pages open', async () => {
    const refused = await fetch(`${guarded.url}/api/letters`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(await refused.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect((await fetch(`${guarded.url}/api/letters`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${guarded.url}/api/letters`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${guarded.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${guarded.url}/`)).status).not.toBe(401);
  });
});

describe('refusals and links', () => {
  it('a refusal that says the closest passages are listed below lists them, with absolute links from PUBLIC_URL', async () => {
    const app = await appOver(h.lib.snapshot, { PUBLIC_URL: 'https://letters.example.org/' });
    const res = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'How many foster carers were recruited from the fostering team?' }] }),
    });
    const body = (await res.json()) as OpenAI.Chat.ChatCompletion & Extras & { letters_assistant: { related?: { letterId: string; paragraph: number }[] } };
    const content = body.choices[0]?.message.content ?? '';
    if (body.letters_assistant.found) return expect.fail(`expected a refusal, got: ${content}`);
    const related = body.letters_assistant.related ?? [];
    expect(content).toMatch(/closest passages are listed below/);
    expect(related.length).toBeGreaterThan(0);
    expect(content).toContain('Closest passages:');
    for (const r of related) expect(content).toContain(`https://letters.example.org/letters/${r.letterId}#p${r.paragraph}`);
  });
});

describe('without a model', () => {
  it('still serves /v1 with extractive answers and says so', async () => {
    const app = await appOver(h.lib.snapshot);
    const models = (await (await app.request('/v1/models')).json()) as { data: { id: string; mode: string }[] };
    expect(models.data[0]).toMatchObject({ id: 'letters-assistant', mode: 'extractive' });
    const res = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'letters-assistant', messages }),
    });
    const body = (await res.json()) as OpenAI.Chat.ChatCompletion & Extras;
    expect(body.letters_assistant.mode).toBe('extractive');
    expectAnnotationsMatch(body.choices[0]?.message.content ?? '', body.choices[0]?.message.annotations ?? [], body.citations, 'http://localhost');
    expect(h.fake.requests).toHaveLength(0);
  });
});

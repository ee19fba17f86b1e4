import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { Hono } from 'hono';

/** What the fake does with one request. */
export type FakeBehaviour =
  /** Replies with this text: JSON, or SSE chunks of `chunkSize` characters when the request streams. */
  | { kind: 'reply'; text: string; chunkSize?: number; chunkDelayMs?: number; stallAfterChunks?: number }
  /** Never answers (until the client gives up). */
  | { kind: 'stall' }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  /** Drops the TCP connection without a response. */
  | { kind: 'close' }
  /** A 200 whose body is not what the client expects. */
  | { kind: 'garbled' };

export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  [key: string]: unknown;
}

export interface RecordedRequest {
  path: string;
  body: ChatBody & { input?: string | string[] };
  authorization: string | undefined;
  /** Set when the client went away before the fake finished. */
  aborted: boolean;
  finished: boolean;
}

export interface FakeOpenAI {
  /** Base URL for OPENAI_BASE_URL, ending in /v1. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Chooses the behaviour per chat request; the default answers from the first passage it was given. */
  behave(fn: (body: ChatBody, attempt: number) => FakeBehaviour): void;
  /** Makes /v1/embeddings answer with this HTTP status (null: answer normally). */
  failEmbeddings(status: number | null): void;
  reset(): void;
  close(): Promise<void>;
}

export const EMBEDDING_DIMENSIONS = 64;

/** A small OpenAI-compatible server on a free port: /v1/chat/completions, /v1/embeddings, /v1/models. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  let behaviour: (body: ChatBody, attempt: number) => FakeBehaviour = defaultBehaviour;
  let embeddingsStatus: number | null = null;
  const app = new Hono<{ Bindings: HttpBindings }>();

  const record = (path: string, body: RecordedRequest['body'], req: Request, authorization: string | undefined): RecordedRequest => {
    const r: RecordedRequest = { path, body, authorization, aborted: false, finished: false };
    req.signal.addEventListener('abort', () => {
      if (!r.finished) r.aborted = true;
    });
    requests.push(r);
    return r;
  };

  app.get('/v1/models', (c) => c.json({ object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] }));

  app.post('/v1/embeddings', async (c) => {
    const body = (await c.req.json()) as RecordedRequest['body'];
    const r = record('/v1/embeddings', body, c.req.raw, c.req.header('authorization'));
    const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ''];
    r.finished = true;
    if (embeddingsStatus) return c.json({ error: { message: 'fake embeddings failure', type: 'fake', code: null } }, embeddingsStatus as 500);
    return c.json({
      object: 'list',
      model: body.model,
      data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
  });

  app.post('/v1/chat/completions', async (c) => {
    const body = (await c.req.json()) as ChatBody;
    const r = record('/v1/chat/completions', body, c.req.raw, c.req.header('authorization'));
    const attempt = requests.filter((x) => x.path === r.path).length;
    const b = behaviour(body, attempt);
    const untilAborted = () => new Promise<Response>((resolve) => c.req.raw.signal.addEventListener('abort', () => resolve(new Response(null))));
    switch (b.kind) {
      case 'stall':
        return untilAborted();
      case 'status':
        r.finished = true;
        return c.json({ error: { message: `fake failure ${b.status} (key sk-secret-should-not-leak)`, type: 'fake', code: null } }, b.status as 429, b.headers);
      case 'close':
        c.env.incoming.socket.destroy();
        return untilAborted();
      case 'garbled':
        r.finished = true;
        return body.stream
          ? new Response('data: {not json\n\n', { headers: { 'content-type': 'text/event-stream' } })
          : c.body('<html>502 Bad Gateway</html>', 200, { 'content-type': 'application/json' });
      case 'reply':
        if (!body.stream) {
          r.finished = true;
          return c.json(completion(body.model, b.text));
        }
        return streamReply(body.model, b, c.req.raw.signal, () => (r.finished = true));
    }
  });

  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    behave: (fn) => (behaviour = fn),
    failEmbeddings: (status) => (embeddingsStatus = status),
    reset: () => {
      requests.length = 0;
      behaviour = defaultBehaviour;
      embeddingsStatus = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function completion(model: string, text: string) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

function streamReply(model: string, b: Extract<FakeBehaviour, { kind: 'reply' }>, signal: AbortSignal, onFinish: () => void): Response {
  const size = b.chunkSize ?? 8;
  const pieces: string[] = [];
  for (let i = 0; i < b.text.length; i += size) pieces.push(b.text.slice(i, i + size));
  const encoder = new TextEncoder();
  const chunk = (delta: object, finish: string | null = null) =>
    encoder.encode(
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
    );
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(chunk({ role: 'assistant', content: '' }));
      for (const [i, p] of pieces.entries()) {
        if (b.stallAfterChunks !== undefined && i >= b.stallAfterChunks) {
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
          return;
        }
        if (b.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, b.chunkDelayMs));
        if (signal.aborted) return;
        controller.enqueue(chunk({ content: p }));
      }
      controller.enqueue(chunk({}, 'stop'));
      controller.enqueue(encoder.encode('data: [DONE]\n\n'));
      onFinish();
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
}

/** Passages the prompt carried, by number: what a model reading our prompt would see. */
export function passagesIn(body: ChatBody): Map<number, string> {
  const user = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const out = new Map<number, string>();
  for (const m of user.matchAll(/<passage n="(\d+)"[^>]*>\n\[\d+\] ([\s\S]*?)\n<\/passage>/g)) out.set(Number(m[1]), m[2] as string);
  return out;
}

export function firstSentence(text: string): string {
  return (/^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim()).replace(/\s+/g, ' ');
}

/** Answers like a dutiful model: the first sentence of passage 1, cited. */
function defaultBehaviour(body: ChatBody): FakeBehaviour {
  const first = passagesIn(body).get(1);
  return { kind: 'reply', text: first ? `The letter says: ${firstSentence(first)} [1]` : 'The letters provided do not say.' };
}

/** Deterministic bag-of-words vector, deliberately not normalised (the embedder must normalise). */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619);
    const i = (h >>> 0) % EMBEDDING_DIMENSIONS;
    v[i] = (v[i] as number) + 3;
  }
  v[0] = (v[0] as number) + 0.5;
  return v;
}

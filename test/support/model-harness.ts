import type { Hono } from 'hono';
import type { Answer } from '../../src/answer/answer-types.js';
import type { Library } from '../../src/store/library.js';
import { type FakeOpenAI, startFakeOpenAI } from '../fakes/fake-openai-server.js';
import { openTestLibrary, type TestLibrary } from './memory-library.js';
import { appOver } from './test-server.js';

export interface Harness {
  fake: FakeOpenAI;
  lib: TestLibrary;
  /** An app answering through the fake model, the openai client pointed at it by OPENAI_BASE_URL. */
  appWith(settings: { timeoutMs: number; retries?: number; apiToken?: string; contextTokens?: number }): Promise<Hono>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const [fake, lib] = await Promise.all([startFakeOpenAI(), openTestLibrary()]);
  return {
    fake,
    lib,
    appWith: ({ timeoutMs, retries = 0, apiToken, contextTokens }) =>
      appOver(lib.snapshot, {
        OPENAI_BASE_URL: fake.baseURL,
        CHAT_MODEL: 'fake-model',
        LLM_TIMEOUT_MS: String(timeoutMs),
        LLM_MAX_RETRIES: String(retries),
        ...(contextTokens ? { LLM_CONTEXT_TOKENS: String(contextTokens) } : {}),
        ...(apiToken ? { API_TOKEN: apiToken } : {}),
      }),
    close: async () => {
      await fake.close();
    },
  };
}

export async function askJson(app: Hono, body: object): Promise<Answer> {
  const res = await app.request('/api/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as Answer;
}

export interface SseEvent {
  event: string;
  data: unknown;
}

export async function askStream(app: Hono, body: object): Promise<SseEvent[]> {
  const res = await app.request('/api/answer', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  return parseSse(await res.text());
}

export function parseSse(text: string): SseEvent[] {
  return text
    .split(/\n\n+/)
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.replace(/^data: ?/, ''))
        .join('\n');
      return { event, data: data === '[DONE]' ? data : (JSON.parse(data) as unknown) };
    });
}

/** Every citation quotes its letter exactly, and every [n] in the text has a citation. */
export function expectVerifiable(answer: Answer, library: Library): string[] {
  const problems: string[] = [];
  for (const c of answer.citations) {
    const letter = library.letter(c.letterId);
    if (!letter || letter.text.slice(c.start, c.end) !== c.quote) problems.push(`citation ${c.ref} does not quote its letter`);
  }
  const refs = new Set(answer.citations.map((c) => c.ref));
  for (const m of answer.answer.matchAll(/\[(\d+)\]/g)) if (!refs.has(Number(m[1]))) problems.push(`[${m[1]}] has no citation`);
  return problems;
}

/** Resolves once check() holds; fails after ms. For effects another process sees a moment later. */
export async function eventually(check: () => boolean, ms = 2000): Promise<boolean> {
  const until = performance.now() + ms;
  while (!check()) {
    if (performance.now() > until) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

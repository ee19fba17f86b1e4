import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { type FakeOpenAI, startFakeOpenAI } from '../fakes/fake-openai-server.js';
import { auth, liveApp, uploadBody } from '../support/live-app.js';
import { removeTempDirs } from '../support/run-cli.js';
import { openTestLibrary, type TestLibrary } from '../support/temp-library.js';
import { serverOver } from '../support/test-server.js';

/**
 * Issue 19 "Scripts" and issue 17's write limits, with the shipped defaults (none of the tests'
 * zeros): a script on the same machine asking 40 questions in a row is never refused; answers a
 * model writes keep a limit; reindexes asked in a burst are coalesced.
 */
const DEFAULTS = { RATE_LIMIT_PER_MINUTE: undefined, MODEL_RATE_LIMIT_PER_MINUTE: undefined, UPLOAD_RATE_LIMIT_PER_MINUTE: undefined, HOST: '127.0.0.1' };
const QUESTIONS = ['What is the staff vacancy rate?', 'Who are the inspectors?', 'How have caseloads changed?', 'What did leaders do about supervision?'];

let lib: TestLibrary;
let fake: FakeOpenAI;
const servers: RunningServer[] = [];
beforeAll(async () => {
  [lib, fake] = await Promise.all([openTestLibrary(), startFakeOpenAI()]);
});
afterAll(async () => {
  for (const s of servers) await s.close(0);
  await fake?.close();
  await lib?.cleanup();
  await removeTempDirs();
});

async function serve(env: Record<string, string | undefined>): Promise<string> {
  const { app } = await serverOver(lib.snapshot, { ...DEFAULTS, ...env });
  const running = await startServer(app, 0, '127.0.0.1');
  servers.push(running);
  return running.url;
}

const ask = (url: string, i: number) =>
  fetch(`${url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTIONS[i % QUESTIONS.length] }) });

describe('default rate limits for scripts', () => {
  it('40 quick questions from one loopback client are all answered (offline): no 429', async () => {
    const url = await serve({});
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await ask(url, i)).status);
    expect(statuses).toEqual(Array(40).fill(200));
  });

  it('answers a model writes keep a limit on loopback too (burst 20, then 429 with Retry-After)', async () => {
    const url = await serve({ OPENAI_BASE_URL: fake.baseURL, CHAT_MODEL: 'fake-model', LLM_TIMEOUT_MS: '3000', LLM_MAX_RETRIES: '0' });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 25; i++) {
      const res = await ask(url, i);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.body?.cancel();
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
    // 60/min refills one a second: on a slow machine one more may get through before the refusals.
    expect(statuses.filter((st) => st === 429).length).toBeGreaterThanOrEqual(3);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Offline reads are not drawn from the model's budget.
    expect((await fetch(`${url}/api/search?q=caseloads`)).status).toBe(200);
  });

  it('reindexes asked 12 at once are coalesced: every caller answered, at most two rebuilds run', async () => {
    const { app } = await liveApp();
    const bodies = await Promise.all(Array.from({ length: 12 }, async () => (await app.request('/api/reindex', { method: 'POST', headers: auth })).json()));
    const rebuilds = new Set(bodies.map((b) => JSON.stringify(b)));
    expect(bodies.every((b) => typeof (b as { letters?: number }).letters === 'number')).toBe(true);
    expect(rebuilds.size).toBeLessThanOrEqual(2);
  });

  it('uploads are limited per client on a public bind (burst 5, then 429); nothing is written for a refused one', async () => {
    const { app, corpusDir } = await liveApp({ env: { ...DEFAULTS, HOST: '0.0.0.0' } });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const letter = `3 May 2022\n\nDear Sir\n\n# Monitoring visit ${i}\n\nInspectors found that caseloads in team ${i} were manageable and well supervised.\n`;
      statuses.push((await app.request('/api/letters', { method: 'POST', body: uploadBody([{ name: `upload-${i}.md`, bytes: letter }]), headers: auth })).status);
    }
    // 10/min refills one every 6 s: a slow machine may let a sixth through.
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(201));
    expect(statuses.at(-1)).toBe(429);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(corpusDir)).filter((f) => f.startsWith('upload-'))).toHaveLength(statuses.filter((st) => st === 201).length);
  });
});

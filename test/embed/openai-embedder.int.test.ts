import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/compose/build-server.js';
import { openLibrary } from '../../src/compose/open-library.js';
import { embedderConfig } from '../../src/compose/settings.js';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import { EMBEDDING_BATCH } from '../../src/embed/openai-embedder.js';
import { EMBEDDING_DIMENSIONS, type FakeOpenAI, fakeEmbedding, startFakeOpenAI } from '../fakes/fake-openai-server.js';
import { testConfig } from '../support/test-server.js';

let fake: FakeOpenAI;
let dir: string;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  dir = await mkdtemp(path.join(os.tmpdir(), 'letters-embed-'));
  await cp('corpus', path.join(dir, 'corpus'), { recursive: true });
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

const configWith = (env: Record<string, string>) =>
  testConfig({ CORPUS_DIR: path.join(dir, 'corpus'), INDEX_DIR: path.join(dir, 'index'), LLM_TIMEOUT_MS: '3000', LLM_MAX_RETRIES: '0', ...env });
const remote = () => configWith({ OPENAI_BASE_URL: fake.baseURL, EMBEDDING_MODEL: 'fake-embed' });
const embeddingCalls = () => fake.requests.filter((r) => r.path === '/v1/embeddings');

describe('OpenAI embeddings', () => {
  it('are batched, normalised and kept in input order', async () => {
    const embedder = await createEmbedder(embedderConfig(remote()));
    expect(embedder.dimensions).toBe(EMBEDDING_DIMENSIONS);
    expect(embedder.id).toMatch(/^openai-fake-embed-64-/);
    fake.reset();
    const texts = Array.from({ length: EMBEDDING_BATCH * 2 + 5 }, (_, i) => `paragraph ${i} about caseload number ${i * 7}`);
    const vectors = await embedder.embed(texts);
    expect(embeddingCalls().map((r) => (r.body.input as string[]).length)).toEqual([EMBEDDING_BATCH, EMBEDDING_BATCH, 5]);
    expect(embeddingCalls().every((r) => r.body.model === 'fake-embed' && r.body.encoding_format === 'float')).toBe(true);
    for (const i of [0, EMBEDDING_BATCH, texts.length - 1]) {
      const v = vectors[i] as number[];
      expect(Math.hypot(...v)).toBeCloseTo(1, 6);
      const raw = fakeEmbedding(texts[i] as string);
      const norm = Math.hypot(...raw);
      expect(v.map((x) => x.toFixed(6))).toEqual(raw.map((x) => (x / norm).toFixed(6)));
    }
  });

  it('rebuild the index when chosen instead of the built-in embedder, then reuse it', async () => {
    const builtin = configWith({});
    const first = await openLibrary(builtin, await createEmbedder(embedderConfig(builtin)), { log: () => {} });
    expect(first.build.action).toBe('full');
    const switched = await openLibrary(remote(), await createEmbedder(embedderConfig(remote())), { log: () => {} });
    expect(switched.build.action).toBe('full');
    expect(switched.build.index.manifest.embedder.id).toMatch(/^openai-fake-embed/);
    const again = await openLibrary(remote(), await createEmbedder(embedderConfig(remote())), { log: () => {} });
    expect(again.build.action).toBe('reused');
  });

  it('serve searches, and a failing endpoint at query time leaves keyword search working', async () => {
    const { app } = await buildServer(remote());
    const search = async () => (await app.request('/api/search?q=caseloads')).json() as Promise<{ results: { text: string }[] }>;
    fake.reset();
    expect((await search()).results.length).toBeGreaterThan(0);
    expect(embeddingCalls()).toHaveLength(1);
    fake.failEmbeddings(500);
    const res = await search();
    expect(res.results.length).toBeGreaterThan(0);
    expect(res.results[0]?.text).toMatch(/caseload/i);
  });

  it('refuses to start with a model that does not answer, naming it', async () => {
    fake.failEmbeddings(404);
    await expect(createEmbedder(embedderConfig(remote()))).rejects.toThrow(/embedding model "fake-embed" is not usable/);
  });
});

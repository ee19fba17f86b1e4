import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Hono } from 'hono';
import { AnswerService } from '../../src/answer/answer-service.js';
import { loadConfig } from '../../src/compose/config.js';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import type { Library } from '../../src/store/library.js';
import { createModelAnswerer } from '../../src/compose/create-model-answerer.js';
import { openLibrary } from '../../src/compose/open-library.js';
import { createApp } from '../../src/server/app.js';

export const WEB_DIR = resolve('web');
export const SEED_CORPUS = resolve('corpus');
export const HOSTILE_CORPUS = resolve('test/fixtures/hostile-corpus');

export interface WebApp {
  app: Hono;
  library: Library;
  cleanup(): Promise<void>;
}

export interface WebAppOptions {
  /** An OpenAI-compatible endpoint (the fake server in tests): answers then come from its CHAT_MODEL. */
  model?: { baseURL: string; name: string; timeoutMs: number };
  /** Served as with API_TOKEN set: /api/* wants this bearer token. */
  apiToken?: string;
}

/** The real app (API + pages) over a corpus, with its index in a temp dir (never in index/). Offline unless `model`. */
export async function buildWebApp(corpusDir: string, options: WebAppOptions = {}): Promise<WebApp> {
  const tmp = await mkdtemp(join(tmpdir(), 'letters-web-'));
  const config = loadConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: join(tmp, 'index'),
    WEB_DIR,
    ...(options.model ? { OPENAI_BASE_URL: options.model.baseURL, CHAT_MODEL: options.model.name, LLM_TIMEOUT_MS: String(options.model.timeoutMs), LLM_MAX_RETRIES: '0' } : {}),
  });
  const embedder = await createEmbedder({ builtinDimensions: config.EMBEDDING_DIMENSIONS });
  const { library } = await openLibrary(config, embedder, { log: () => {} });
  const current = () => library;
  const { answerer } = createModelAnswerer(config);
  const app = createApp({
    library: current,
    embedder,
    webDir: WEB_DIR,
    apiToken: options.apiToken,
    ...(answerer ? { answers: new AnswerService(current, embedder, answerer), answerMode: { mode: 'llm' as const, model: answerer.modelId } } : {}),
  });
  return { app, library, cleanup: () => rm(tmp, { recursive: true, force: true }) };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Hono } from 'hono';
import { buildServer } from '../../src/compose/build-server.js';
import type { Library } from '../../src/store/library.js';
import { testConfig } from './test-server.js';

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
  /** Serve uploads (POST /api/letters) into corpusDir: give it a temp copy, never corpus/. */
  writable?: boolean;
}

/** The real app (API + pages) over a corpus, with its index in a temp dir (never in index/). Offline unless `model`. */
export async function buildWebApp(corpusDir: string, options: WebAppOptions = {}): Promise<WebApp> {
  const tmp = await mkdtemp(join(tmpdir(), 'letters-web-'));
  const config = testConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: join(tmp, 'index'),
    WEB_DIR,
    API_TOKEN: options.apiToken,
    ...(options.model ? { OPENAI_BASE_URL: options.model.baseURL, CHAT_MODEL: options.model.name, LLM_TIMEOUT_MS: String(options.model.timeoutMs), LLM_MAX_RETRIES: '0' } : {}),
  });
  const { app, live } = await buildServer(config, { readOnly: !options.writable });
  const { library } = live.current();
  return { app, library, cleanup: () => rm(tmp, { recursive: true, force: true }) };
}

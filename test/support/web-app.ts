import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Hono } from 'hono';
import { AnswerService, type ModelAnswerer } from '../../src/answer/answer-service.js';
import { loadConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import type { Library } from '../../src/library.js';
import { openLibrary } from '../../src/open-library.js';
import { createApp } from '../../src/server/app.js';

export const WEB_DIR = resolve('web');
export const SEED_CORPUS = resolve('corpus');
export const HOSTILE_CORPUS = resolve('test/fixtures/hostile-corpus');

export interface WebApp {
  app: Hono;
  library: Library;
  cleanup(): Promise<void>;
}

/**
 * The real app (API + pages) over a corpus, with its index in a temp dir (never in index/).
 * Offline answers unless a model answerer is given (`model` receives the library).
 */
export async function buildWebApp(corpusDir: string, options: { model?: (library: () => Library) => ModelAnswerer } = {}): Promise<WebApp> {
  const tmp = await mkdtemp(join(tmpdir(), 'letters-web-'));
  const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: join(tmp, 'index'), WEB_DIR });
  const embedder = createEmbedder({ embeddingModel: undefined, openaiApiKey: undefined, builtinDimensions: config.EMBEDDING_DIMENSIONS });
  const { library } = await openLibrary(config, embedder, { log: () => {} });
  const current = () => library;
  const answers = options.model ? new AnswerService(current, embedder, options.model(current)) : undefined;
  const app = createApp({ library: current, embedder, webDir: WEB_DIR, ...(answers ? { answers } : {}) });
  return { app, library, cleanup: () => rm(tmp, { recursive: true, force: true }) };
}

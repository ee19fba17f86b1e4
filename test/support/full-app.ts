import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { loadConfig } from '../../src/compose/config.js';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import { LiveLibrary } from '../../src/serving/live-snapshot.js';
import { openLibrary } from '../../src/compose/open-library.js';
import { createApp } from '../../src/server/app.js';
import { tempCorpus } from './temp-library.js';

export interface FullApp {
  app: Hono;
  live: LiveLibrary;
  corpusDir: string;
  cleanup(): Promise<void>;
}

/**
 * Every route main.ts serves: API, pages and assets (the repo's web/), uploads and reindex,
 * over a temp copy of the seed letters (uploads land there) with a temp index.
 */
export async function openFullApp(): Promise<FullApp> {
  const corpusDir = await tempCorpus();
  const indexDir = await mkdtemp(path.join(tmpdir(), 'robustness-index-'));
  const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir });
  const embedder = await createEmbedder({ builtinDimensions: config.EMBEDDING_DIMENSIONS });
  const open = () => openLibrary(config, embedder, { log: () => {} });
  const live = new LiveLibrary((await open()).library, open);
  const app = createApp({
    library: live.current,
    embedder,
    webDir: 'web',
    ingest: { corpusDir, maxBytes: config.INGEST_MAX_BYTES, chunkOptions: { maxTokens: config.CHUNK_MAX_TOKENS, minWords: config.CHUNK_MIN_WORDS }, reload: () => live.reload() },
  });
  return {
    app,
    live,
    corpusDir,
    cleanup: async () => {
      await Promise.all([rm(corpusDir, { recursive: true, force: true }), rm(indexDir, { recursive: true, force: true })]);
    },
  };
}

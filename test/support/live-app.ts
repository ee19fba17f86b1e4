import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../src/compose/config.js';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { LiveLibrary } from '../../src/serving/live-snapshot.js';
import { openLibrary } from '../../src/compose/open-library.js';
import { createApp } from '../../src/server/app.js';
import { SEED_CORPUS, tempDir } from './run-cli.js';

export const TOKEN = 'test-token-123';
export const MAX_BYTES = 300_000;

/**
 * The server's app over a temp copy of the seed corpus, with a live library and the ingest
 * routes, wired as src/main.ts wires them. `rebuildEmbedder` lets a test slow the rebuild down.
 */
export async function liveApp(options: { rebuildEmbedder?: (e: Embedder) => Embedder } = {}) {
  const corpusDir = await tempDir('corpus');
  const indexDir = await tempDir('index');
  for (const f of ['croydon-2018-08-02.txt', 'croydon-2019-12-18.md']) await copyFile(path.join(SEED_CORPUS, f), path.join(corpusDir, f));
  const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_DIMENSIONS: '256' });
  const embedder = await createEmbedder({ builtinDimensions: config.EMBEDDING_DIMENSIONS });
  const rebuildEmbedder = options.rebuildEmbedder?.(embedder) ?? embedder;
  const { library } = await openLibrary(config, embedder, { log: () => {} });
  const live = new LiveLibrary(library, () => openLibrary(config, rebuildEmbedder, { log: () => {} }));
  const app = createApp({
    library: live.current,
    embedder,
    apiToken: TOKEN,
    ingest: {
      corpusDir,
      maxBytes: MAX_BYTES,
      chunkOptions: { maxTokens: config.CHUNK_MAX_TOKENS, minWords: config.CHUNK_MIN_WORDS },
      reload: () => live.reload(),
    },
  });
  return { app, live, corpusDir };
}

export function uploadBody(files: { name: string; bytes: Uint8Array | string }[]): FormData {
  const form = new FormData();
  for (const f of files) form.append('file', new File([typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes)], f.name));
  return form;
}

export const auth = { Authorization: `Bearer ${TOKEN}` };

import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { buildServer } from '../../src/compose/build-server.js';
import { openSnapshot } from '../../src/compose/open-library.js';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { SEED_CORPUS, tempDir } from './run-cli.js';
import { testConfig } from './test-server.js';

export const TOKEN = 'test-token-123';
export const MAX_BYTES = 300_000;

/**
 * The server's app over a temp copy of the seed corpus, with a live snapshot and the ingest
 * routes, as src/main.ts builds it. `rebuildEmbedder` lets a test slow the rebuild down.
 */
export async function liveApp(options: { rebuildEmbedder?: (e: Embedder) => Embedder; env?: Record<string, string | undefined> } = {}) {
  const corpusDir = await tempDir('corpus');
  const indexDir = await tempDir('index');
  for (const f of ['croydon-2018-08-02.txt', 'croydon-2019-12-18.md']) await copyFile(path.join(SEED_CORPUS, f), path.join(corpusDir, f));
  const config = testConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_DIMENSIONS: '256', API_TOKEN: TOKEN, INGEST_MAX_BYTES: String(MAX_BYTES), ...options.env });
  const embedder = await createEmbedder({ builtinDimensions: config.EMBEDDING_DIMENSIONS });
  const rebuildEmbedder = options.rebuildEmbedder?.(embedder) ?? embedder;
  const { app, live } = await buildServer(config, { embedder, reopen: () => openSnapshot(config, rebuildEmbedder, { log: () => {} }) });
  return { app, live, corpusDir };
}

export function uploadBody(files: { name: string; bytes: Uint8Array | string }[]): FormData {
  const form = new FormData();
  for (const f of files) form.append('file', new File([typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes)], f.name));
  return form;
}

export const auth = { Authorization: `Bearer ${TOKEN}` };

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { buildServer } from '../../src/compose/build-server.js';
import type { LiveSnapshot } from '../../src/serving/live-snapshot.js';
import { tempCorpus } from './temp-library.js';
import { testConfig } from './test-server.js';

export interface FullApp {
  app: Hono;
  live: LiveSnapshot;
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
  const { app, live } = await buildServer(testConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, WEB_DIR: 'web' }));
  return {
    app,
    live,
    corpusDir,
    cleanup: async () => {
      await Promise.all([rm(corpusDir, { recursive: true, force: true }), rm(indexDir, { recursive: true, force: true })]);
    },
  };
}

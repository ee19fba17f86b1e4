import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import type { Library } from '../../src/library.js';
import { openLibrary } from '../../src/open-library.js';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');
export const INJECTION_LETTER = 'exampleshire-2021-03-03';

export interface TestLibrary {
  library: Library;
  embedder: Embedder;
  dir: string;
  cleanup(): Promise<void>;
}

/** The seed letters plus the fixture letters, indexed in a temp dir (never the repo's index/). */
export async function openTestLibrary(embedder: Embedder = new HashingEmbedder(256)): Promise<TestLibrary> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'letters-llm-'));
  const corpus = path.join(dir, 'corpus');
  await mkdir(corpus);
  for (const f of await readdir('corpus')) if (/\.(md|txt)$/.test(f)) await copyFile(path.join('corpus', f), path.join(corpus, f));
  for (const f of await readdir(FIXTURES)) await copyFile(path.join(FIXTURES, f), path.join(corpus, f));
  const config = loadConfig({ CORPUS_DIR: corpus, INDEX_DIR: path.join(dir, 'index') });
  const { library } = await openLibrary(config, embedder, { log: () => {} });
  return { library, embedder, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

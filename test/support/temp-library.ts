import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSnapshot } from '../../src/compose/open-library.js';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import type { Embedder } from '../../src/embed/embedder.js';
import type { Snapshot } from '../../src/serving/snapshot.js';
import type { Library } from '../../src/store/library.js';
import { testConfig } from './test-server.js';

export interface TestLibrary {
  snapshot: Snapshot;
  library: Library;
  embedder: Embedder;
  cleanup(): Promise<void>;
}

/** A snapshot over corpusDir (read only) with its index built in a temp folder; serve it with appOver. */
export async function openTestLibrary(corpusDir = 'corpus'): Promise<TestLibrary> {
  const indexDir = await mkdtemp(path.join(tmpdir(), 'robustness-index-'));
  const config = testConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir });
  const embedder = await createEmbedder({ builtinDimensions: config.EMBEDDING_DIMENSIONS });
  const { snapshot } = await openSnapshot(config, embedder, { log: () => {} });
  return { snapshot, library: snapshot.library, embedder, cleanup: () => rm(indexDir, { recursive: true, force: true }) };
}

/** A temp corpus: the seed letters plus the given fixture files. Returns its folder. */
export async function tempCorpus(...fixtures: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'robustness-corpus-'));
  for (const f of await readdir('corpus')) if (/\.(md|txt)$/.test(f)) await copyFile(path.join('corpus', f), path.join(dir, f));
  for (const f of fixtures) await copyFile(f, path.join(dir, path.basename(f)));
  return dir;
}

/** Asserts the JSON error shape every failure must have, and returns it. */
export async function errorBody(res: Response): Promise<{ code: string; message: string }> {
  const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`not the JSON error shape: ${JSON.stringify(body)}`);
  }
  return body.error as { code: string; message: string };
}

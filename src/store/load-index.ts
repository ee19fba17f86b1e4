import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IndexFiles } from './index-files.js';
import { LoadedIndex } from './loaded-index.js';
import { manifestSchema } from './manifest.js';
import { vectorStoreFor } from './stores.js';

/** The current build, or null if there is none or it is unreadable (then it is rebuilt). */
export async function loadCurrentIndex(files: IndexFiles, log: (m: string) => void = () => {}): Promise<LoadedIndex | null> {
  const name = await files.currentBuildName();
  if (!name) return null;
  const dir = files.buildPath(name);
  try {
    const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
    const store = vectorStoreFor(manifest.store ?? 'vectra');
    const { chunks, vectors } = await store.read(dir, manifest.embedder.dimensions, manifest.chunkCount);
    for (const c of chunks) {
      if (!manifest.letters[c.letterId]) throw new Error(`chunk ${c.id} belongs to ${c.letterId}, which the manifest does not list`);
    }
    return new LoadedIndex(manifest, chunks, vectors, dir);
  } catch (err) {
    log(`index build ${name} is unreadable (${(err as Error).message}); rebuilding from corpus/`);
    return null;
  }
}

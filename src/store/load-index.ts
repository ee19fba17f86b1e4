import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IndexFiles } from './index-files.js';
import { LoadedIndex } from './loaded-index.js';
import { INDEX_LAYOUT, LINEAR_CODES_LAYOUT, manifestSchema } from './manifest.js';
import { readSparse } from './sparse-file.js';
import { SparsePostings } from './sparse-postings.js';
import { vectorStoreFor } from './stores.js';

/** The current build, or null if there is none or it is unreadable (then it is rebuilt). */
export async function loadCurrentIndex(files: IndexFiles, log: (m: string) => void = () => {}): Promise<LoadedIndex | null> {
  const name = await files.currentBuildName();
  if (!name) return null;
  const dir = files.buildPath(name);
  try {
    const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
    const store = vectorStoreFor(manifest.store ?? 'vectra');
    const segments = manifest.segments ?? [{ name: '', rows: manifest.chunkCount }];
    const { chunks, matrix } = await store.read(dir, manifest.embedder.dimensions, manifest.chunkCount, segments);
    // Layout 2 had linear codes: recoded here, and the next build writes them in this layout without re-embedding.
    if (manifest.layout === LINEAR_CODES_LAYOUT && store.format === 'binary') matrix.recodeLinear();
    // Older layouts have no sparse index: the Retriever then builds it from the texts (and the next build writes one).
    const hasSparse = manifest.layout === INDEX_LAYOUT || manifest.layout === LINEAR_CODES_LAYOUT;
    const sparse = hasSparse ? SparsePostings.concat(await Promise.all(segments.map((s) => readSparse(dir, s.rows, s.name)))) : null;
    for (const c of chunks) {
      if (!manifest.letters[c.letterId]) throw new Error(`chunk ${c.id} belongs to ${c.letterId}, which the manifest does not list`);
    }
    return new LoadedIndex(manifest, chunks, matrix, dir, true, sparse);
  } catch (err) {
    log(`index build ${name} is unreadable (${(err as Error).message}); rebuilding from corpus/`);
    return null;
  }
}

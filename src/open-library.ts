import type { Env } from './config.js';
import { loadCorpus } from './corpus/load-corpus.js';
import type { Embedder } from './embed/embedder.js';
import { Library } from './library.js';
import { type BuildResult, type ProgressEvent, ensureIndex } from './store/build-index.js';
import { vectorStoreFor } from './store/stores.js';

export interface OpenOptions {
  log: (message: string) => void;
  onProgress?: (event: ProgressEvent) => void;
}

/** Reads corpus/, brings index/ up to date, and returns both as a Library. */
export async function openLibrary(config: Env, embedder: Embedder, options: OpenOptions): Promise<{ library: Library; build: BuildResult }> {
  const corpus = await loadCorpus(config.CORPUS_DIR);
  for (const p of corpus.problems) options.log(`skipped ${p.file}: ${p.reason}`);
  const build = await ensureIndex({
    indexDir: config.INDEX_DIR,
    letters: corpus.letters,
    embedder,
    store: vectorStoreFor(config.INDEX_STORE),
    chunkOptions: { maxTokens: config.CHUNK_MAX_TOKENS, minWords: config.CHUNK_MIN_WORDS },
    log: options.log,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { library: new Library(corpus.letters, build.index, corpus.problems), build };
}

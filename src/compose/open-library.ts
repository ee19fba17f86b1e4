import type { Env } from './config.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import type { Embedder } from '../embed/embedder.js';
import { DEFAULT_CHUNK_OPTIONS } from '../chunk/chunk.js';
import { HashingEmbedder } from '../embed/hashing-embedder.js';
import { Library } from '../store/library.js';
import { embedLetters } from '../store/embed-letters.js';
import { type BuildResult, type ProgressEvent, ensureIndex } from '../store/build-index.js';
import type { Db } from '../store/pg/db.js';
import { ensurePgIndex } from '../store/pg/ensure-pg-index.js';
import { PgCandidates } from '../retrieve/pg/pg-candidates.js';
import { sharedDb } from '../store/pg/shared-db.js';
import { vectorStoreFor } from '../store/stores.js';

export interface OpenOptions {
  log: (message: string) => void;
  onProgress?: (event: ProgressEvent) => void;
  /** The database to index into and search; defaults to DATABASE_URL's pool. Without either, index/ on disk. */
  db?: Db;
}

/** Reads corpus/, brings the index (index/, or Postgres when DATABASE_URL is set) up to date, and returns both as a Library. */
export async function openLibrary(config: Env, embedder: Embedder, options: OpenOptions): Promise<{ library: Library; build: BuildResult }> {
  const corpus = await loadCorpus(config.CORPUS_DIR);
  for (const p of corpus.problems) options.log(`skipped ${p.file}: ${p.reason}`);
  const chunkOptions = { maxTokens: config.CHUNK_MAX_TOKENS, minWords: config.CHUNK_MIN_WORDS };
  const progress = options.onProgress ? { onProgress: options.onProgress } : {};
  const db = options.db ?? sharedDb(config);
  if (db) {
    const build = await ensurePgIndex({ db, letters: corpus.letters, embedder, chunkOptions, log: options.log, ...progress });
    const candidates = new PgCandidates(db, build.index.chunks, embedder.id);
    return { library: new Library(corpus.letters, build.index, corpus.problems, candidates), build };
  }
  const build = await ensureIndex({
    indexDir: config.INDEX_DIR,
    letters: corpus.letters,
    embedder,
    store: vectorStoreFor(config.INDEX_STORE),
    chunkOptions,
    log: options.log,
    ...progress,
  });
  return { library: new Library(corpus.letters, build.index, corpus.problems), build };
}

/** A corpus folder indexed in memory with the built-in embedder: for eval, scripts and tests (index/ untouched). */
export async function openLibraryInMemory(corpusDir: string, embedder: Embedder = new HashingEmbedder()): Promise<{ library: Library; embedder: Embedder }> {
  const corpus = await loadCorpus(corpusDir);
  const index = await embedLetters(corpus.letters, embedder, DEFAULT_CHUNK_OPTIONS);
  return { library: new Library(corpus.letters, index, corpus.problems), embedder };
}

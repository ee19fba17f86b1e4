import { FileTexts } from '../corpus/file-texts.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import { scanCorpus } from '../corpus/scan-corpus.js';
import type { Embedder } from '../embed/embedder.js';
import type { CandidateSource } from '../retrieve/candidate-source.js';
import { PgCandidates } from '../retrieve/pg/pg-candidates.js';
import type { Opened } from '../serving/live-snapshot.js';
import { snapshotOf } from '../serving/snapshot.js';
import { type BuildResult, ensureIndex, type ProgressEvent } from '../store/build-index.js';
import { readKnownCorpus } from '../store/known-corpus.js';
import { Library } from '../store/library.js';
import type { Db } from '../store/pg/db.js';
import { ensurePgIndex } from '../store/pg/ensure-pg-index.js';
import { vectorStoreFor } from '../store/stores.js';
import type { Env } from './config.js';
import { chunkOptionsFrom } from './settings.js';

export interface OpenOptions {
  log: (message: string) => void;
  onProgress?: (event: ProgressEvent) => void;
  /** The database to index into and search (openDatabase(config) when DATABASE_URL is set); without one, index/ on disk. */
  db?: Db | null;
}

/** The library opened from corpus/ and its index, with how to search it when a database holds the index. */
export interface OpenedLibrary {
  library: Library;
  build: BuildResult;
  /** Set when the index lives in Postgres, which searches it; otherwise search runs in memory. */
  candidates?: CandidateSource;
}

/** Reads corpus/ and brings the index (index/, or Postgres) up to date. */
export async function openLibrary(config: Env, embedder: Embedder, options: OpenOptions): Promise<OpenedLibrary> {
  const { db } = options;
  if (config.DATABASE_URL && !db) throw new Error('DATABASE_URL is set but no database was opened for it (openDatabase)');
  const chunkOptions = chunkOptionsFrom(config);
  const progress = options.onProgress ? { onProgress: options.onProgress } : {};
  if (db) {
    const corpus = await loadCorpus(config.CORPUS_DIR);
    for (const p of corpus.problems) options.log(`skipped ${p.file}: ${p.reason}`);
    const build = await ensurePgIndex({ db, letters: corpus.letters, embedder, chunkOptions, log: options.log, ...progress });
    const library = new Library(corpus.letters, build.index, corpus.problems);
    return { library, build, candidates: new PgCandidates(db, build.index.chunks, embedder.id) };
  }
  // Only files whose size or mtime differ from the current build's record are read and hashed;
  // the other letters' texts are read when a citation or a letter page needs them.
  const corpus = await scanCorpus(config.CORPUS_DIR, await readKnownCorpus(config.INDEX_DIR));
  for (const p of corpus.problems) options.log(`skipped ${p.file}: ${p.reason}`);
  const texts = new FileTexts(config.CORPUS_DIR);
  const build = await ensureIndex({
    indexDir: config.INDEX_DIR,
    letters: corpus.letters,
    textOf: (l) => corpus.read.get(l.id)?.text ?? texts.readSync(l),
    stamps: corpus.stamps,
    stampedAt: corpus.stampedAt,
    embedder,
    store: vectorStoreFor(config.INDEX_STORE),
    chunkOptions,
    log: options.log,
    ...progress,
  });
  return { library: new Library(corpus.letters, build.index, corpus.problems, { texts }), build };
}

/** openLibrary, then the search structures over it: a snapshot ready to serve. */
export async function openSnapshot(config: Env, embedder: Embedder, options: OpenOptions): Promise<Opened> {
  const { library, build, candidates } = await openLibrary(config, embedder, options);
  return { snapshot: snapshotOf(library, embedder, candidates), build };
}

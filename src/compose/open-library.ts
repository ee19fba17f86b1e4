import { FileTexts } from '../corpus/file-texts.js';
import { type CorpusProblem, loadCorpus } from '../corpus/load-corpus.js';
import { scanCorpus } from '../corpus/scan-corpus.js';
import type { Embedder } from '../embed/embedder.js';
import { readSources } from '../ingest/sources-file.js';
import type { CandidateSource } from '../retrieve/candidate-source.js';
import { PgCandidates } from '../retrieve/pg/pg-candidates.js';
import { TermStats } from '../retrieve/term-stats.js';
import type { Opened } from '../serving/live-snapshot.js';
import { snapshotOf } from '../serving/snapshot.js';
import { type BuildResult, ensureIndex, type ProgressEvent } from '../store/build-index.js';
import type { ChunkLayout } from '../store/chunk-layout.js';
import { readKnownCorpus } from '../store/known-corpus.js';
import { Library } from '../store/library.js';
import type { Db } from '../store/pg/db.js';
import { ensurePgIndex, ensurePgIndexExists } from '../store/pg/ensure-pg-index.js';
import { loadPgState } from '../store/pg/load-pg-state.js';
import { PgTexts } from '../store/pg/pg-texts.js';
import { vectorStoreFor } from '../store/stores.js';
import { configureWordVectors, prepareWordVectors } from '../text/semantics/word-vector-cache.js';
import type { Env } from './config.js';
import { chunkOptionsFrom, parallelismFrom } from './settings.js';

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
  /** Set with candidates: the term statistics the database keeps. */
  termStats?: { stats: TermStats; bodyStats: TermStats };
  /** The database generation this was read at. */
  generation?: number;
}

/**
 * Reads corpus/ and brings the index (index/, or Postgres) up to date. With a database and an
 * empty CORPUS_DIR, reads nothing from disk: the database is served as it is.
 */
export async function openLibrary(config: Env, embedder: Embedder, options: OpenOptions): Promise<OpenedLibrary> {
  const { db } = options;
  if (config.DATABASE_URL && !db) throw new Error('DATABASE_URL is set but no database was opened for it (openDatabase)');
  const chunkOptions = chunkOptionsFrom(config);
  const progress = options.onProgress ? { onProgress: options.onProgress } : {};
  if (db && !config.CORPUS_DIR) {
    await ensurePgIndexExists({ db, embedder, chunkOptions, log: options.log });
    return readDatabase(config, embedder, db);
  }
  if (db) {
    const corpus = await loadCorpus(config.CORPUS_DIR);
    for (const p of corpus.problems) options.log(`skipped ${p.file}: ${p.reason}`);
    const sources = await readSources(config.CORPUS_DIR);
    // The index it returns is replaced by the one read below: no chunk record needs reading for it.
    const build = await ensurePgIndex({ db, letters: corpus.letters, embedder, chunkOptions, log: options.log, sourceOf: (id) => sources[id], chunkRecords: false, ...progress });
    const opened = await readDatabase(config, embedder, db, corpus.problems);
    return { ...opened, build: { ...build, index: opened.library.index } };
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
    parallelism: parallelismFrom(config),
    log: options.log,
    ...progress,
  });
  return { library: new Library(corpus.letters, build.index, corpus.problems, { texts }), build };
}

/** The word-vector table the retriever's stand-ins come from (made once per install, then one file read). */
async function prepareSemantics(config: Env): Promise<void> {
  configureWordVectors(config.WORD_VECTORS_FILE);
  await prepareWordVectors();
}

/**
 * Letters whose text a database-backed server keeps: a request reads up to ~100 candidates' texts
 * and uses them after it awaits, so concurrent requests must not evict each other's (~20 kB each).
 */
const DB_TEXT_CACHE_LETTERS = 1024;

/** What the database holds now, ready to serve: letters, where their chunks sit, and term statistics as of one moment. */
export async function readDatabase(config: Pick<Env, 'PGVECTOR_EF_SEARCH'>, embedder: Embedder, db: Db, problems: CorpusProblem[] = []): Promise<OpenedLibrary> {
  const state = await loadPgState(db);
  // No text and no chunk record is read at start: each request reads the letters it quotes, with
  // their chunk records (Library.loadTexts).
  const texts = new PgTexts(db, state.versions);
  const library = new Library(state.letters, state.index, problems, { texts, chunks: texts, textCacheLetters: DB_TEXT_CACHE_LETTERS });
  const termStats = {
    stats: TermStats.fromDocumentFrequencies(state.terms.df, state.terms.documents),
    bodyStats: TermStats.fromDocumentFrequencies(state.terms.bodyDf, state.terms.bodyDocuments),
  };
  return {
    library,
    build: { index: state.index, action: 'reused', embeddedLetters: 0, reusedLetters: state.letters.length, removedLetters: 0 },
    candidates: new PgCandidates(db, state.index.layout as ChunkLayout, state.versions, embedder.id, config.PGVECTOR_EF_SEARCH),
    termStats,
    generation: state.generation,
  };
}

function served(opened: OpenedLibrary, embedder: Embedder): Opened {
  const { library, build, candidates, termStats, generation } = opened;
  return { snapshot: snapshotOf(library, embedder, candidates, termStats), build, ...(generation === undefined ? {} : { generation }) };
}

/** openLibrary, then the search structures over it: a snapshot ready to serve. */
export async function openSnapshot(config: Env, embedder: Embedder, options: OpenOptions): Promise<Opened> {
  const [opened] = await Promise.all([openLibrary(config, embedder, options), prepareSemantics(config)]);
  return served(opened, embedder);
}

/** The database read again, corpus/ untouched: how a server takes in another process's write. */
export async function rereadSnapshot(config: Env, embedder: Embedder, db: Db): Promise<Opened> {
  const [opened] = await Promise.all([readDatabase(config, embedder, db), prepareSemantics(config)]);
  return served(opened, embedder);
}

import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { readDatabase } from '../../src/compose/open-library.js';
import type { Letter } from '../../src/corpus/letter.js';
import type { Embedder } from '../../src/embed/embedder.js';
import type { Retriever } from '../../src/retrieve/retriever.js';
import { snapshotOf } from '../../src/serving/snapshot.js';
import { type BuildResult, ensureIndex } from '../../src/store/build-index.js';
import { Library } from '../../src/store/library.js';
import type { Db } from '../../src/store/pg/db.js';
import { ensurePgIndex } from '../../src/store/pg/ensure-pg-index.js';
import { pgliteDb } from '../../src/store/pg/pglite-db.js';
import { createPoolDb } from '../../src/store/pg/pool-db.js';
import { tempDir } from './store-fixtures.js';

/** One place an index lives: build (or update) it from letters, and get a Library and a Retriever searching it. */
export interface Backend {
  name: string;
  /** A fresh, empty store. */
  reset(): Promise<void>;
  build(letters: Letter[], embedder: Embedder): Promise<{ result: BuildResult; library: Library; retriever: Retriever }>;
  close(): Promise<void>;
  /** The database, for the Postgres backends. */
  db?: Db;
}

export function localBackend(): Backend {
  let indexDir = '';
  return {
    name: 'in-memory (index/ on disk)',
    reset: async () => {
      indexDir = await tempDir('contract');
    },
    build: async (letters, embedder) => {
      const result = await ensureIndex({ indexDir, letters, embedder, chunkOptions: DEFAULT_CHUNK_OPTIONS });
      return { result, ...snapshotOf(new Library(letters, result.index), embedder) };
    },
    close: async () => {},
  };
}

function dbBackend(name: string, db: Db): Backend {
  return {
    name,
    db,
    // Dropping the tables is much faster than starting another PGlite; the next build migrates again.
    reset: async () => {
      await db.query(
        'DROP TABLE IF EXISTS retired_postings, retired_chunks, retired_letters, postings, chunks, letters, index_meta, term_stats, corpus_state, schema_migrations CASCADE',
      );
      await db.query('DROP FUNCTION IF EXISTS postings_from_chunks, postings_of_deleted_letters');
    },
    // The index as an indexer sees it (every chunk record, for the tests to inspect), searched as a
    // server does: the database read as it is, texts and chunk records per letter, term statistics from SQL.
    build: async (letters, embedder) => {
      const result = await ensurePgIndex({ db, letters, embedder, chunkOptions: DEFAULT_CHUNK_OPTIONS });
      const { library, candidates, termStats } = await readDatabase({ PGVECTOR_EF_SEARCH: undefined }, embedder, db);
      return { result, ...snapshotOf(library, embedder, candidates, termStats) };
    },
    close: () => db.close(),
  };
}

export function pgliteBackend(): Backend {
  return dbBackend('Postgres (PGlite, in-process)', pgliteDb(new PGlite({ extensions: { vector } })));
}

/** A real server, when PG_TEST_URL names one (.ci/run starts Debian's postgresql for it). */
export function serverBackend(url: string): Backend {
  return dbBackend('Postgres server (PG_TEST_URL)', createPoolDb({ url, poolSize: 4, statementTimeoutMs: 30_000, ssl: 'off' }));
}

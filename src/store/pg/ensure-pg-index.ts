import { errorMessage } from '../../base/error-message.js';
import { CHUNKER_VERSION, type ChunkOptions } from '../../chunk/chunk.js';
import type { Letter } from '../../corpus/letter.js';
import type { Embedder } from '../../embed/embedder.js';
import type { BuildResult, ProgressEvent } from '../build-index.js';
import { ChunkLayout } from '../chunk-layout.js';
import { type ChunkRecord, chunkRecord } from '../chunk-record.js';
import { LoadedIndex } from '../loaded-index.js';
import { MANIFEST_VERSION, type Manifest } from '../manifest.js';
import { applyTermStats, bumpGeneration, clearTermStats } from './corpus-state.js';
import { type Conn, type Db, LOCK_KEYS, type Queryable, withAdvisoryLock } from './db.js';
import { deleteLetters, letterRows, refreshMetadata, writeLetter } from './letter-rows.js';
import { clearRetiredLetters } from './letter-versions.js';
import { migrate } from './migrations.js';

export interface PgBuildOptions {
  db: Db;
  letters: Letter[];
  embedder: Embedder;
  chunkOptions: ChunkOptions;
  onProgress?: (event: ProgressEvent) => void;
  log?: (message: string) => void;
  /** Where a letter came from (corpus/.sources.json), stored beside it. */
  sourceOf?: (id: string) => unknown;
  /** False: the returned index holds the layout only, no chunk record (a server reads them per letter). */
  chunkRecords?: boolean;
}

interface MetaRow {
  embedder_id: string;
  dimensions: number;
  chunker_version: string;
  max_tokens: number;
  min_words: number;
  updated_at: Date | string;
}

/**
 * Makes the database match the letters, as ensureIndex does for index/: migrates the schema,
 * then under an advisory lock (one indexer per database) reuses what is there, re-indexes only
 * changed letters (one transaction each, so a reader never sees half a letter), or, when the
 * embedder or chunker changed, rebuilds everything in one transaction (readers keep the old index
 * until it commits). Vectors stay in Postgres: the returned index holds chunk records only.
 */
export async function ensurePgIndex(options: PgBuildOptions): Promise<BuildResult> {
  const { db } = options;
  const applied = await migrate(db);
  if (applied.length) options.log?.(`postgres: applied migrations ${applied.join(', ')}`);
  return withAdvisoryLock(db, LOCK_KEYS.index, async (conn) => {
    const result = await update(conn, options);
    if (result.action !== 'reused') await tidyPostings(conn, options.log);
    return result;
  });
}

/**
 * After many postings were written: VACUUM marks their pages all-visible, so a search's scan of a
 * term's rows is index-only (about three times faster than visiting the table, measured at 1,000
 * letters), and ANALYZE gives the planner their new counts. Autovacuum would get there too, later;
 * a failure here (a managed Postgres that refuses it) costs speed, not correctness.
 */
async function tidyPostings(conn: Conn, log?: (message: string) => void): Promise<void> {
  try {
    await conn.query('SET statement_timeout = 0');
    await conn.query('VACUUM (ANALYZE) postings, letters', undefined, { unbounded: true });
  } catch (err) {
    log?.(`postgres: could not vacuum the postings (${errorMessage(err)}); autovacuum will`);
  } finally {
    await conn.query('RESET statement_timeout').catch(() => {});
  }
}

/** Under the index lock: reuses, re-indexes changed letters, or rebuilds (ensurePgIndex). */
async function update(conn: Conn, options: PgBuildOptions): Promise<BuildResult> {
  const { letters, embedder, chunkOptions } = options;
  const meta = (await conn.query<MetaRow>('SELECT * FROM index_meta')).rows[0];
  if (!isCompatible(meta, embedder, chunkOptions)) {
    if (meta) options.log?.(`postgres: index was built with ${meta.embedder_id} (${meta.dimensions}d, chunker ${meta.chunker_version}); rebuilding`);
    await rebuild(conn, options);
    return { index: await loadIndex(conn, options.chunkRecords !== false), action: 'full', embeddedLetters: letters.length, reusedLetters: 0, removedLetters: 0 };
  }
  const stored = new Map(
    (await conn.query<{ id: string; sha256: string; file: string; chunk_count: number }>('SELECT id, sha256, file, chunk_count FROM letters')).rows.map((r) => [r.id, r]),
  );
  const wanted = new Set(letters.map((l) => l.id));
  const removed = [...stored.keys()].filter((id) => !wanted.has(id));
  let done = 0;
  let embedded = 0;
  for (const letter of letters) {
    const was = stored.get(letter.id);
    const same = was !== undefined && was.sha256 === letter.sha256 && was.file === letter.file;
    let chunks = was?.chunk_count ?? 0;
    if (!same) {
      const rows = await letterRows(letter, embedder, chunkOptions);
      chunks = rows.columns[0].length;
      await conn.transaction(async (tx) => {
        await writeLetter(tx, rows, { source: options.sourceOf?.(letter.id) });
        await touch(tx);
      });
      embedded++;
    }
    options.onProgress?.({ letterId: letter.id, chunks, reused: same, done: ++done, total: letters.length });
  }
  const unchanged = letters.filter((l) => stored.get(l.id)?.sha256 === l.sha256 && stored.get(l.id)?.file === l.file);
  await conn.transaction(async (tx) => {
    if ((await refreshMetadata(tx, unchanged)) > 0) await touch(tx);
  });
  if (removed.length) {
    await conn.transaction(async (tx) => {
      await deleteLetters(tx, removed);
      await touch(tx);
    });
  }
  const action = embedded === 0 && removed.length === 0 ? 'reused' : 'incremental';
  return {
    index: await loadIndex(conn, options.chunkRecords !== false),
    action,
    embeddedLetters: embedded,
    reusedLetters: letters.length - embedded,
    removedLetters: removed.length,
  };
}

function isCompatible(meta: MetaRow | undefined, embedder: Embedder, chunkOptions: ChunkOptions): boolean {
  return (
    meta !== undefined &&
    meta.embedder_id === embedder.id &&
    meta.dimensions === embedder.dimensions &&
    meta.chunker_version === CHUNKER_VERSION &&
    meta.max_tokens === chunkOptions.maxTokens &&
    meta.min_words === chunkOptions.minWords
  );
}

/**
 * For a server without corpus/: the database as it is. Migrates the schema and creates an empty
 * index when there is none; refuses an index built with another embedder or chunker (re-embedding
 * every letter is `npm run index`'s job, not a server's at start).
 */
export async function ensurePgIndexExists(options: Omit<PgBuildOptions, 'letters'>): Promise<void> {
  const { db, embedder, chunkOptions } = options;
  const applied = await migrate(db);
  if (applied.length) options.log?.(`postgres: applied migrations ${applied.join(', ')}`);
  const ready = async (q: Queryable) => (await q.query<MetaRow>('SELECT * FROM index_meta')).rows[0];
  const meta = await ready(db);
  if (isCompatible(meta, embedder, chunkOptions)) return;
  await withAdvisoryLock(db, LOCK_KEYS.index, async (conn) => {
    const now = await ready(conn);
    if (isCompatible(now, embedder, chunkOptions)) return;
    if (now) {
      throw new Error(
        `the database's index was built with ${now.embedder_id} (${now.dimensions}d, chunker ${now.chunker_version}, ${now.max_tokens} tokens, ${now.min_words} words) but this server uses ${embedder.id} (${embedder.dimensions}d, chunker ${CHUNKER_VERSION}, ${chunkOptions.maxTokens} tokens, ${chunkOptions.minWords} words): start it with the same settings, or re-index with \`npm run index\``,
      );
    }
    options.log?.('postgres: empty database, creating an empty index');
    await rebuild(conn, { ...options, letters: [] });
  });
}

/** Whether the database's index was built with this embedder and chunker (the check every write makes). */
export async function checkPgIndex(q: Queryable, embedder: Embedder, chunkOptions: ChunkOptions): Promise<void> {
  const meta = (await q.query<MetaRow>('SELECT * FROM index_meta')).rows[0];
  if (!isCompatible(meta, embedder, chunkOptions)) {
    throw new Error(
      meta ? `the database's index was built with ${meta.embedder_id}, not ${embedder.id}: re-index with \`npm run index\`` : 'the Postgres index has not been built',
    );
  }
}

async function rebuild(conn: Conn, options: PgBuildOptions): Promise<void> {
  const { embedder, chunkOptions, letters } = options;
  const d = embedder.dimensions;
  if (!Number.isInteger(d) || d <= 0 || d > 16000) throw new Error(`embedder dimensions ${d} cannot be stored in a vector column`);
  await conn.transaction(async (bounded) => {
    // Every statement of a rebuild may take long on a large corpus (deleting the old rows, building
    // the graph over every row): no statement timeout on either side.
    const tx: Queryable = { query: (sql, params) => bounded.query(sql, params, { unbounded: true }) };
    await tx.query(`SELECT set_config('statement_timeout', '0', true)`);
    await tx.query('DELETE FROM index_meta');
    // Every posting at once (deleting the letters would cascade to them one letter at a time).
    await tx.query('DELETE FROM postings');
    await tx.query('DELETE FROM chunks');
    await tx.query('DELETE FROM letters');
    await clearRetiredLetters(tx);
    await clearTermStats(tx);
    // The column takes the embedder's dimension; the HNSW index is built once, after the rows are in.
    await tx.query('DROP INDEX IF EXISTS chunks_embedding_hnsw');
    await tx.query(`ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(${d})`);
    let done = 0;
    for (const letter of letters) {
      const rows = await letterRows(letter, embedder, chunkOptions);
      await writeLetter(tx, rows, { source: options.sourceOf?.(letter.id), termStats: false, replaces: false });
      options.onProgress?.({ letterId: letter.id, chunks: rows.columns[0].length, reused: false, done: ++done, total: letters.length });
    }
    await tx.query('CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops)');
    await tx.query('INSERT INTO index_meta (embedder_id, dimensions, chunker_version, max_tokens, min_words) VALUES ($1, $2, $3, $4, $5)', [
      embedder.id,
      d,
      CHUNKER_VERSION,
      chunkOptions.maxTokens,
      chunkOptions.minWords,
    ]);
    await applyTermStats(tx, null, 1);
    await touch(tx);
  });
}

/** Marks a committed change: the manifest's time, and the generation every server watches. */
export async function touch(tx: Queryable): Promise<void> {
  await tx.query('UPDATE index_meta SET updated_at = clock_timestamp()');
  await bumpGeneration(tx);
}

/** A row of the chunks table: a ChunkRecord under the column names of migrations.ts. */
type ChunkRow = Pick<ChunkRecord, 'id' | 'n' | 'section' | 'kind' | 'tokens'> & { letter_id: string; start_offset: number; end_offset: number };

export function chunkOfRow(r: ChunkRow): ChunkRecord {
  return chunkRecord(r.letter_id, { ...r, start: r.start_offset, end: r.end_offset }, r.id);
}

/** The index as stored now: its manifest and every chunk record (letter by letter, paragraph order), no vectors; `records` false: the layout only (readIndexLayout). */
export async function loadIndex(conn: Conn, records = true): Promise<LoadedIndex> {
  // One snapshot, so the manifest and the chunks agree even while another process writes.
  return conn.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    return records ? readIndex(tx) : readIndexLayout(tx);
  });
}

/** loadIndex inside a transaction the caller opened (REPEATABLE READ, so every read sees one moment). */
export async function readIndex(tx: Queryable): Promise<LoadedIndex> {
  const { manifest, layout } = await readIndexLayout(tx);
  const rows = (await tx.query<ChunkRow>('SELECT id, letter_id, n, start_offset, end_offset, section, kind, tokens FROM chunks ORDER BY letter_id, n')).rows;
  const chunks = rows.map(chunkOfRow);
  // The layout's positions are the rows' order: each letter's paragraphs 1 … chunk_count, letters by id.
  chunks.forEach((c, i) => {
    if (layout?.position(c.letterId, c.n) !== i) throw new Error(`chunk ${c.id} is not where its letter's chunk count puts it (position ${i})`);
  });
  if (chunks.length !== manifest.chunkCount) throw new Error(`the letters' chunk counts add up to ${manifest.chunkCount}, but the chunks table holds ${chunks.length}`);
  return LoadedIndex.withoutVectors(manifest, chunks, layout as ChunkLayout);
}

/** What the index records of a letter (a row of the letters table). */
export interface IndexedLetterRow {
  id: string;
  sha256: string;
  file: string;
  chunk_count: number;
}

/**
 * The order of the letters' chunks among the index's positions: the order chunk rows were read in
 * before (ORDER BY letter_id, n), so positions, and with them ties between equal scores, are as they were.
 */
export const LETTER_ORDER = 'ORDER BY id';

/**
 * The index's manifest and layout from the letters' rows alone (read here, or given: rows the
 * caller read in this transaction, in LETTER_ORDER), their chunk counts in that order: no chunk
 * record is read, so this costs what the letters' rows do. A server reads each letter's records
 * with its text when a request needs them (PgTexts).
 */
export async function readIndexLayout(tx: Queryable, rows?: readonly IndexedLetterRow[]): Promise<LoadedIndex> {
  const meta = (await tx.query<MetaRow>('SELECT * FROM index_meta')).rows[0];
  if (!meta) throw new Error('the Postgres index has not been built');
  const letters = rows ?? (await tx.query<IndexedLetterRow>(`SELECT id, sha256, file, chunk_count FROM letters ${LETTER_ORDER}`)).rows;
  const layout = new ChunkLayout(letters.map((l) => ({ id: l.id, chunks: l.chunk_count })));
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    createdAt: new Date(meta.updated_at).toISOString(),
    chunker: { version: meta.chunker_version, maxTokens: meta.max_tokens, minWords: meta.min_words },
    embedder: { id: meta.embedder_id, dimensions: meta.dimensions },
    letters: Object.fromEntries(letters.map((l) => [l.id, { sha256: l.sha256, file: l.file, chunks: l.chunk_count }])),
    chunkCount: layout.total,
  };
  return LoadedIndex.withoutVectors(manifest, null, layout);
}

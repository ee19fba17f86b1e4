import { type LetterInfo, type LetterMetadata, letterInfo } from '../../corpus/letter.js';
import { parseLetterFile } from '../../corpus/load-corpus.js';
import type { LoadedIndex } from '../loaded-index.js';
import type { Conn, Queryable } from './db.js';
import { type IndexedLetterRow, LETTER_ORDER, readIndexLayout } from './ensure-pg-index.js';
import { ServedVersions } from './letter-versions.js';

/** The term statistics the indexer keeps (term_stats, corpus_state), as plain numbers. */
export interface PgTermCounts {
  /** Chunks, and how many of them hold each term in their text. */
  documents: number;
  df: Map<string, number>;
  /** The same over body chunks only (letterhead and sign-off left out). */
  bodyDocuments: number;
  bodyDf: Map<string, number>;
}

/** Everything a server serves, read from the database in one snapshot: no corpus/ needed. */
export interface PgState {
  /** The manifest and where each letter's chunks sit: no chunk record (a request reads its letters', with their texts). */
  index: LoadedIndex;
  /** Metadata only: the texts are read when a request needs them (PgTexts). */
  letters: LetterInfo[];
  terms: PgTermCounts;
  /** The generation this state was read at (corpus_state.generation). */
  generation: number;
  /** The stored version of each letter this state holds, to read and search that version only. */
  versions: ServedVersions;
}

interface LetterRow extends IndexedLetterRow {
  key: number;
  /** Only for rows stored before their metadata was, which must be parsed from it. */
  body: string | null;
  metadata: Partial<LetterMetadata> | null;
}

/**
 * Reads the index's layout, the letters' metadata and the term statistics as of one moment: no
 * letter text and no chunk record, so a start costs what a row per letter and the term statistics
 * do, not the corpus's size in text or paragraphs.
 */
export async function loadPgState(conn: Conn): Promise<PgState> {
  return conn.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    // One read of the letters' rows gives the index's layout (their chunk counts) and their metadata.
    const rows = (
      await tx.query<LetterRow>(`SELECT id, key, file, sha256, chunk_count, CASE WHEN metadata ? 'title' THEN NULL ELSE body END AS body, metadata FROM letters ${LETTER_ORDER}`)
    ).rows;
    const index = await readIndexLayout(tx, rows);
    const state = (await tx.query<{ generation: string; chunks: number; body_chunks: number }>('SELECT generation, chunks, body_chunks FROM corpus_state')).rows[0];
    const generation = Number(state?.generation ?? 0);
    return {
      index,
      letters: rows.map(letterOf),
      terms: await readTermCounts(tx, state?.chunks ?? 0, state?.body_chunks ?? 0),
      generation,
      versions: new ServedVersions(generation, new Map(rows.map((r) => [r.id, Number(r.key)]))),
    };
  });
}

async function readTermCounts(tx: Queryable, documents: number, bodyDocuments: number): Promise<PgTermCounts> {
  const rows = (await tx.query<{ term: string; body_df: number; body_kind_df: number }>('SELECT term, body_df, body_kind_df FROM term_stats WHERE body_df > 0')).rows;
  const df = new Map<string, number>();
  const bodyDf = new Map<string, number>();
  for (const r of rows) {
    df.set(r.term, r.body_df);
    if (r.body_kind_df > 0) bodyDf.set(r.term, r.body_kind_df);
  }
  return { documents, df, bodyDocuments, bodyDf };
}

/** A stored letter as scanCorpus would have described it; rows written before metadata was stored are read again. */
function letterOf(r: LetterRow): LetterInfo {
  if (r.metadata && 'title' in r.metadata) return { ...(r.metadata as LetterMetadata), id: r.id, file: r.file, sha256: r.sha256 };
  if (r.body === null) throw new Error(`stored letter ${r.id} has neither metadata nor text`);
  const parsed = parseLetterFile(r.file, Buffer.from(r.body, 'utf8'));
  if ('reason' in parsed) throw new Error(`stored letter ${r.id} cannot be read: ${parsed.reason}`);
  return letterInfo({ ...parsed, id: r.id, sha256: r.sha256 });
}

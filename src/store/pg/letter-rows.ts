import pgvector from 'pgvector';
import type { ChunkOptions } from '../../chunk/chunk.js';
import { chunkLetter } from '../../chunk/chunk-letter.js';
import { type Letter, metadataOf } from '../../corpus/letter.js';
import type { Embedder } from '../../embed/embedder.js';
import { type ChunkRecord, chunkRecord } from '../chunk-record.js';
import { applyTermStats } from './corpus-state.js';
import type { Queryable } from './db.js';
import { retireLetters } from './letter-versions.js';
import { termsVector } from './pg-terms.js';

type Column<K extends keyof ChunkRecord> = ChunkRecord[K][];

/**
 * One letter's chunks as column arrays, ready for one INSERT … SELECT FROM unnest(…): the
 * ChunkRecord fields in order, then body terms, section terms and the embedding (as SQL text).
 */
export interface LetterRows {
  letter: Letter;
  columns: [Column<'id'>, Column<'letterId'>, Column<'n'>, Column<'start'>, Column<'end'>, Column<'section'>, Column<'kind'>, Column<'tokens'>, string[], string[], string[]];
}

/** Chunks and embeds one letter (the slow part, done before any transaction opens). */
export async function letterRows(letter: Letter, embedder: Embedder, chunkOptions: ChunkOptions): Promise<LetterRows> {
  const { chunks } = chunkLetter(letter.text, chunkOptions);
  const vectors = await embedder.embed(chunks.map((c) => letter.text.slice(c.start, c.end)));
  const columns: LetterRows['columns'] = [[], [], [], [], [], [], [], [], [], [], []];
  chunks.forEach((c, i) => {
    const v = vectors[i];
    if (!v || v.length !== embedder.dimensions) throw new Error(`embedder returned a vector of the wrong size for ${letter.id}`);
    const r = chunkRecord(letter.id, c);
    const row = [
      r.id,
      r.letterId,
      r.n,
      r.start,
      r.end,
      r.section,
      r.kind,
      r.tokens,
      termsVector(letter.text.slice(c.start, c.end)),
      termsVector(c.section ?? ''),
      pgvector.toSql(Array.from(v)) as string,
    ];
    row.forEach((value, k) => {
      (columns[k] as unknown[]).push(value);
    });
  });
  return { letter, columns };
}

export interface WriteOptions {
  /** Where the letter came from (its .sources.json entry), kept beside it. */
  source?: unknown;
  /** False while a rebuild writes every letter: it counts the term statistics once at the end. */
  termStats?: boolean;
  /** False while a rebuild writes every letter into emptied tables: there is no earlier version to keep. */
  replaces?: boolean;
}

/**
 * Writes a letter and its chunks, replacing any earlier version of it (its chunks go with it: ON
 * DELETE CASCADE; the version replaced is kept a while for servers still serving it), and keeps
 * the term statistics in step. The caller's transaction ends with touch().
 */
export async function writeLetter(tx: Queryable, rows: LetterRows, options: WriteOptions = {}): Promise<void> {
  const l = rows.letter;
  const stats = options.termStats !== false;
  if (stats) await applyTermStats(tx, [l.id], -1);
  if (options.replaces !== false) {
    await retireLetters(tx, [l.id]);
    await tx.query('DELETE FROM letters WHERE id = $1', [l.id]);
  }
  await tx.query(
    'INSERT INTO letters (id, file, sha256, letter_date, body, chunk_count, kind, place, metadata, source, chunk_records) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb)',
    [
      l.id,
      l.file,
      l.sha256,
      l.date,
      l.text,
      rows.columns[0].length,
      l.kind,
      l.place,
      JSON.stringify(metadataOf(l)),
      options.source === undefined ? null : JSON.stringify(options.source),
      JSON.stringify(chunkTuples(rows)),
    ],
  );
  await tx.query(
    `INSERT INTO chunks (id, letter_id, n, start_offset, end_offset, section, kind, tokens, body_terms, section_terms, embedding)
     SELECT u.id, u.letter_id, u.n, u.s, u.e, u.section, u.kind, u.tokens, u.bt::tsvector, u.st::tsvector, u.emb::vector
     FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::text[])
       AS u(id, letter_id, n, s, e, section, kind, tokens, bt, st, emb)`,
    rows.columns,
  );
  if (stats) await applyTermStats(tx, [l.id], 1);
}

/** The letter's chunk records as stored beside its text (letters.chunk_records): [id, n, start, end, section, kind, tokens] each, in paragraph order. */
function chunkTuples({ columns: [ids, , ns, starts, ends, sections, kinds, tokens] }: LetterRows): unknown[][] {
  return ids.map((id, k) => [id, ns[k], starts[k], ends[k], sections[k], kinds[k], tokens[k]]);
}

/**
 * Deletes letters, their chunks and their share of the term statistics (kept a while for servers
 * still serving them). Returns the ids that were there. The caller's transaction ends with touch().
 */
export async function deleteLetters(tx: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  await applyTermStats(tx, ids, -1);
  await retireLetters(tx, ids);
  return (await tx.query<{ id: string }>('DELETE FROM letters WHERE id = ANY($1::text[]) RETURNING id', [[...ids]])).rows.map((r) => r.id);
}

/**
 * Brings the stored metadata of unchanged letters up to date in one statement: reading a letter
 * learns new fields without its text changing, and its chunks and vectors stay as they are.
 */
export async function refreshMetadata(tx: Queryable, letters: readonly Letter[]): Promise<number> {
  if (letters.length === 0) return 0;
  const result = await tx.query(
    `UPDATE letters SET kind = u.kind, place = u.place, metadata = u.metadata
     FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS u(id, kind, place, metadata)
     WHERE letters.id = u.id AND letters.metadata IS DISTINCT FROM u.metadata
     RETURNING letters.id`,
    [letters.map((l) => l.id), letters.map((l) => l.kind), letters.map((l) => l.place), letters.map((l) => JSON.stringify(metadataOf(l)))],
  );
  return result.rows.length;
}

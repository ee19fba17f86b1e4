import type { LetterInfo } from '../../corpus/letter.js';
import { type LetterTextSource, TextUnavailableError } from '../../corpus/letter-texts.js';
import { sha256Of } from '../../corpus/load-corpus.js';
import { type ChunkRecord, chunkRecord } from '../chunk-record.js';
import type { LetterChunkSource, LoadedLetter } from '../library.js';
import type { Queryable } from './db.js';

/** A chunk row as json_build_array gives it: id, n, start, end, section, kind, tokens. */
type ChunkTuple = [string, number, number, number, string | null, ChunkRecord['kind'], number];

/**
 * Letter texts, and their chunk records, read from the database when a request needs them (a
 * stateless server holds neither at start): one query for the letters asked. Each text is
 * checked against the hash the served snapshot indexed, as the corpus folder's are: a letter
 * replaced or deleted by another process since then would shift every offset, so it is refused
 * until the server has taken in the change. A letter's chunks are read in the same statement as
 * its text, so they are the ones written with it (one transaction per letter).
 */
export class PgTexts implements LetterTextSource, LetterChunkSource {
  constructor(private readonly db: Queryable) {}

  async load(letters: readonly LetterInfo[]): Promise<Map<string, string>> {
    const rows = (await this.db.query<{ id: string; sha256: string; body: string }>('SELECT id, sha256, body FROM letters WHERE id = ANY($1::text[])', [letters.map((l) => l.id)]))
      .rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return new Map(letters.map((l) => [l.id, checked(l, byId.get(l.id))]));
  }

  async loadWithChunks(letters: readonly LetterInfo[]): Promise<Map<string, LoadedLetter>> {
    const rows = (
      await this.db.query<{ id: string; sha256: string; body: string; chunks: ChunkTuple[] }>(
        `SELECT l.id, l.sha256, l.body,
           (SELECT coalesce(json_agg(json_build_array(c.id, c.n, c.start_offset, c.end_offset, c.section, c.kind, c.tokens) ORDER BY c.n), '[]'::json)
            FROM chunks c WHERE c.letter_id = l.id) AS chunks
         FROM letters l WHERE l.id = ANY($1::text[])`,
        [letters.map((l) => l.id)],
      )
    ).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return new Map(
      letters.map((l) => {
        const text = checked(l, byId.get(l.id));
        const tuples = (byId.get(l.id) as { chunks: ChunkTuple[] | string }).chunks;
        // node-postgres and PGlite parse json; a client that does not hands over the text.
        const list: ChunkTuple[] = typeof tuples === 'string' ? JSON.parse(tuples) : tuples;
        const chunks = list.map(([id, n, start, end, section, kind, tokens]) => chunkRecord(l.id, { n, start, end, section, kind, tokens }, id));
        return [l.id, { text, chunks }];
      }),
    );
  }
}

function checked(l: LetterInfo, row: { sha256: string; body: string } | undefined): string {
  if (!row) throw new TextUnavailableError(l.id, 'it is no longer in the database');
  if (row.sha256 !== l.sha256 || sha256Of(Buffer.from(row.body, 'utf8')) !== l.sha256)
    throw new TextUnavailableError(l.id, 'it has changed in the database since this server read its index');
  return row.body;
}

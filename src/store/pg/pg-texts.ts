import type { LetterInfo } from '../../corpus/letter.js';
import { type LetterTextSource, TextUnavailableError } from '../../corpus/letter-texts.js';
import { sha256Of } from '../../corpus/load-corpus.js';
import { type ChunkRecord, chunkRecord } from '../chunk-record.js';
import type { LetterChunkSource, LoadedLetter } from '../library.js';
import type { Queryable } from './db.js';
import type { ServedVersions } from './letter-versions.js';

/** A chunk row as json_build_array gives it: id, n, start, end, section, kind, tokens. */
type ChunkTuple = [string, number, number, number, string | null, ChunkRecord['kind'], number];

/**
 * Letter texts, and their chunk records, read from the database when a request needs them (a
 * stateless server holds neither at start): one query for the letters asked. Each letter is read
 * in the version the served snapshot placed (by its key: ServedVersions), from the letters table
 * or, when another process has replaced or deleted it since, from the version kept for servers
 * that have not yet taken that write in (retired_letters). So requests keep being answered from
 * the snapshot in service until it is swapped. A letter's chunk records come from the same row as
 * its text (letters.chunk_records, written with its chunks in one transaction), so they are the
 * ones written with it. Each text is still checked against the hash the snapshot indexed: a text
 * edited in place, or kept no longer, is refused until the server has taken in the change.
 */
export class PgTexts implements LetterTextSource, LetterChunkSource {
  constructor(
    private readonly db: Queryable,
    private readonly versions: ServedVersions,
  ) {}

  async load(letters: readonly LetterInfo[]): Promise<Map<string, string>> {
    const byKey = await this.read(letters, false);
    return new Map(letters.map((l) => [l.id, checked(l, this.rowOf(l, byKey))]));
  }

  async loadWithChunks(letters: readonly LetterInfo[]): Promise<Map<string, LoadedLetter>> {
    const byKey = await this.read(letters, true);
    return new Map(
      letters.map((l) => {
        const row = this.rowOf(l, byKey);
        const text = checked(l, row);
        const tuples = (row as VersionRow).chunks ?? [];
        // node-postgres and PGlite parse json; a client that does not hands over the text.
        const list: ChunkTuple[] = typeof tuples === 'string' ? JSON.parse(tuples) : tuples;
        const chunks = list.map(([id, n, start, end, section, kind, tokens]) => chunkRecord(l.id, { n, start, end, section, kind, tokens }, id));
        return [l.id, { text, chunks }];
      }),
    );
  }

  private async read(letters: readonly LetterInfo[], withChunks: boolean): Promise<Map<number, VersionRow>> {
    const keys = letters.map((l) => this.versions.keyOf(l.id)).filter((k): k is number => k !== undefined);
    if (keys.length === 0) return new Map();
    const rows = (
      await this.db.query<VersionRow>(
        `SELECT l.key, l.sha256, l.body, ${withChunks ? 'l.chunk_records::json' : 'NULL::json'} AS chunks FROM letters l WHERE l.key = ANY($1::int[])
         UNION ALL
         SELECT r.key, r.sha256, r.body, ${withChunks ? 'r.chunks::json' : 'NULL::json'} FROM retired_letters r WHERE r.key = ANY($1::int[])`,
        [keys],
      )
    ).rows;
    return new Map(rows.map((r) => [Number(r.key), r]));
  }

  private rowOf(l: LetterInfo, byKey: ReadonlyMap<number, VersionRow>): VersionRow | undefined {
    const key = this.versions.keyOf(l.id);
    return key === undefined ? undefined : byKey.get(key);
  }
}

/** A stored version of a letter: current or kept (retired), with its chunk tuples when asked. */
interface VersionRow {
  key: number;
  sha256: string;
  body: string;
  chunks: ChunkTuple[] | string | null;
}

function checked(l: LetterInfo, row: { sha256: string; body: string } | undefined): string {
  if (!row) throw new TextUnavailableError(l.id, 'the version this server serves is no longer in the database');
  if (row.sha256 !== l.sha256 || sha256Of(Buffer.from(row.body, 'utf8')) !== l.sha256)
    throw new TextUnavailableError(l.id, 'it has changed in the database since this server read its index');
  return row.body;
}

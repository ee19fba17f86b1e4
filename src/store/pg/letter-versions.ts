import type { Queryable } from './db.js';

/**
 * How long a replaced or deleted letter's previous version is kept (retired_letters and its
 * chunks' vectors and postings). A server takes in a write within about a second of its NOTIFY;
 * one cut off from the database serves nothing until it is back, and then catches up. Minutes,
 * not seconds, so a server slowed by a long request or a loaded machine still finds what it serves.
 */
export const RETIRED_VERSIONS_KEPT_SECONDS = 600;

/**
 * Which stored version of each letter one server serves: the letters' keys (letters.key, a fresh
 * identity for every version written) as of the generation it read. A write that replaces a
 * letter gives the new version a new key and keeps the old one under its key for a while
 * (retireLetters), so a server that has not yet taken the write in reads and searches the version
 * it placed, not one whose offsets and paragraphs differ.
 */
export class ServedVersions {
  private readonly byKey = new Map<number, string>();

  constructor(
    /** The generation the server read (corpus_state.generation): versions retired after it are still its own. */
    readonly generation: number,
    private readonly keys: ReadonlyMap<string, number>,
  ) {
    for (const [id, key] of keys) this.byKey.set(key, id);
  }

  /** The key of the version of the letter served; undefined for a letter not served. */
  keyOf(letterId: string): number | undefined {
    return this.keys.get(letterId);
  }

  /** The letter a key is the served version of; undefined for a version this server does not serve (newer, or another's). */
  letterOf(key: number): string | undefined {
    return this.byKey.get(key);
  }
}

/**
 * Keeps the current versions of these letters (text, chunk records, vectors, postings) under their
 * keys before a write deletes or replaces them, and drops versions retired long ago. Inside the
 * writing transaction, before its DELETE; the generation bump that ends the write stamps them
 * (bumpGeneration), so they are visible exactly to servers that read an earlier generation.
 */
export async function retireLetters(tx: Queryable, letterIds: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM retired_letters WHERE retired_at < now() - make_interval(secs => $1)', [RETIRED_VERSIONS_KEPT_SECONDS]);
  if (letterIds.length === 0) return;
  const ids = [...letterIds];
  const keys = (
    await tx.query<{ key: number }>(
      `INSERT INTO retired_letters (key, id, sha256, letter_date, body, chunks)
       SELECT l.key, l.id, l.sha256, l.letter_date, l.body, l.chunk_records
       FROM letters l WHERE l.id = ANY($1::text[])
       RETURNING key`,
      [ids],
    )
  ).rows.map((r) => r.key);
  if (keys.length === 0) return;
  await tx.query(
    `INSERT INTO retired_chunks (letter_key, n, embedding)
     SELECT l.key, c.n, c.embedding FROM chunks c JOIN letters l ON l.id = c.letter_id WHERE l.id = ANY($1::text[])`,
    [ids],
  );
  await tx.query(
    `INSERT INTO retired_postings (letter_key, n, body_len, section_len, body_tf, section_tf, term)
     SELECT letter_key, n, body_len, section_len, body_tf, section_tf, term FROM postings WHERE letter_key = ANY($1::int[])`,
    [keys],
  );
}

/** Every kept version goes (a rebuild: the vectors were made by another embedder, the keys are all new). */
export async function clearRetiredLetters(tx: Queryable): Promise<void> {
  await tx.query('DELETE FROM retired_letters');
}

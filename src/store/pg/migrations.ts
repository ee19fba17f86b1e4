import { errorMessage } from '../../base/error-message.js';
import { type Db, LOCK_KEYS, withAdvisoryLock } from './db.js';

/**
 * Migration 4's statement writing the postings of the chunks in `source` (the chunks table, or a
 * trigger's transition table): per (term, chunk), the term's frequency in each field (its position
 * count in that field's tsvector, as the local index counts it) and the chunk's field lengths
 * (lexeme counts). Part of a shipped step: never change it, add a migration.
 */
function postingsOf(source: string): string {
  return `INSERT INTO postings (term, letter_key, n, body_tf, section_tf, body_len, section_len)
    SELECT x.term, l.key, x.n, sum(x.body_tf), sum(x.section_tf), x.body_len, x.section_len
    FROM (
      SELECT c.letter_id, c.n, u.lexeme AS term, coalesce(array_length(u.positions, 1), 1) AS body_tf, 0 AS section_tf,
             length(c.body_terms) AS body_len, length(c.section_terms) AS section_len
      FROM ${source} c, unnest(c.body_terms) u
      UNION ALL
      SELECT c.letter_id, c.n, u.lexeme, 0, coalesce(array_length(u.positions, 1), 1), length(c.body_terms), length(c.section_terms)
      FROM ${source} c, unnest(c.section_terms) u
    ) x JOIN letters l ON l.id = x.letter_id
    GROUP BY x.term, l.key, x.n, x.body_len, x.section_len`;
}

/**
 * The schema, as numbered steps applied in order and recorded in schema_migrations. Never edit a
 * step that has shipped: add the next one. Each runs in its own transaction, under an advisory
 * lock, so processes starting together apply each step once.
 */
export const MIGRATIONS: readonly { version: number; statements: readonly string[] }[] = [
  {
    version: 1,
    statements: [
      'CREATE EXTENSION IF NOT EXISTS vector',
      // One row: what the index was built with. An index is never searched with another embedder.
      `CREATE TABLE index_meta (
         singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
         embedder_id text NOT NULL,
         dimensions integer NOT NULL,
         chunker_version text NOT NULL,
         max_tokens integer NOT NULL,
         min_words integer NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE TABLE letters (
         id text PRIMARY KEY,
         file text NOT NULL,
         sha256 text NOT NULL,
         letter_date text,
         body text NOT NULL,
         chunk_count integer NOT NULL)`,
      'CREATE INDEX letters_date ON letters (letter_date)',
      // The vector column gets its dimension (and its HNSW index) when an index is built: the embedder decides it.
      `CREATE TABLE chunks (
         id text PRIMARY KEY,
         letter_id text NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
         n integer NOT NULL,
         start_offset integer NOT NULL,
         end_offset integer NOT NULL,
         section text,
         kind text NOT NULL,
         tokens integer NOT NULL,
         body_terms tsvector NOT NULL,
         section_terms tsvector NOT NULL,
         embedding vector NOT NULL)`,
      'CREATE INDEX chunks_letter ON chunks (letter_id, n)',
      'CREATE INDEX chunks_body_terms ON chunks USING gin (body_terms)',
      'CREATE INDEX chunks_section_terms ON chunks USING gin (section_terms)',
    ],
  },
  {
    version: 2,
    statements: [
      // What each letter says about itself (kind, authority, dates, inspectors, judgements), beside its text.
      `ALTER TABLE letters ADD COLUMN kind text, ADD COLUMN place text, ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}'::jsonb`,
      'CREATE INDEX letters_place ON letters (place)',
    ],
  },
  {
    version: 3,
    statements: [
      // Where each letter came from (.sources.json's entry), so a server without corpus/ has it too.
      'ALTER TABLE letters ADD COLUMN source jsonb',
      // BM25's corpus side, kept by the indexer (corpus-state.ts): a server reads these, not every paragraph.
      `CREATE TABLE term_stats (
         term text PRIMARY KEY,
         body_df integer NOT NULL,
         section_df integer NOT NULL,
         body_kind_df integer NOT NULL)`,
      // One row: the generation every write bumps (and NOTIFYs), and the totals behind BM25's averages.
      `CREATE TABLE corpus_state (
         singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
         generation bigint NOT NULL DEFAULT 0,
         chunks integer NOT NULL DEFAULT 0,
         body_chunks integer NOT NULL DEFAULT 0,
         body_length bigint NOT NULL DEFAULT 0,
         section_length bigint NOT NULL DEFAULT 0)`,
      'INSERT INTO corpus_state DEFAULT VALUES',
      `INSERT INTO term_stats (term, body_df, section_df, body_kind_df)
       SELECT term, sum(body)::int, sum(section)::int, sum(body_kind)::int FROM (
         SELECT u.lexeme AS term, count(*) AS body, count(*) FILTER (WHERE c.kind = 'body') AS body_kind, 0::bigint AS section
         FROM chunks c, unnest(c.body_terms) u GROUP BY u.lexeme
         UNION ALL
         SELECT u.lexeme, 0, 0, count(*) FROM chunks c, unnest(c.section_terms) u GROUP BY u.lexeme) x
       GROUP BY term`,
      `UPDATE corpus_state SET chunks = x.n, body_chunks = x.body, body_length = x.bl, section_length = x.sl
       FROM (SELECT count(*)::int AS n, (count(*) FILTER (WHERE kind = 'body'))::int AS body,
                    coalesce(sum(length(body_terms)), 0)::bigint AS bl, coalesce(sum(length(section_terms)), 0)::bigint AS sl FROM chunks) x`,
    ],
  },
  {
    version: 4,
    statements: [
      // A small key per letter, so a posting names its chunk in 8 bytes (letter key, paragraph n) rather than by chunk id.
      'ALTER TABLE letters ADD COLUMN key integer GENERATED ALWAYS AS IDENTITY',
      'ALTER TABLE letters ADD CONSTRAINT letters_key UNIQUE (key)',
      // BM25's postings: one row per (term, chunk) holding it in its text or its section heading, with the term's
      // frequency and the chunk's length in each field. A search reads only its terms' rows (the primary key
      // covers every column it needs: index-only), instead of unnesting every candidate chunk's tsvector.
      `CREATE TABLE postings (
         letter_key integer NOT NULL REFERENCES letters (key) ON DELETE CASCADE,
         n integer NOT NULL,
         body_len integer NOT NULL,
         section_len integer NOT NULL,
         body_tf smallint NOT NULL,
         section_tf smallint NOT NULL,
         term text NOT NULL)`,
      // Derived from the chunks' tsvectors inside the statement that writes them, so every writer (this
      // version's indexer, and any process that inserts chunks) keeps them in step in the same transaction;
      // deleting a letter deletes its postings (the foreign key; version 5: a trigger).
      `CREATE OR REPLACE FUNCTION postings_from_chunks() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         ${postingsOf('new_chunks')};
         RETURN NULL;
       END $$`,
      'CREATE TRIGGER chunks_postings AFTER INSERT ON chunks REFERENCING NEW TABLE AS new_chunks FOR EACH STATEMENT EXECUTE FUNCTION postings_from_chunks()',
      // The chunks already there (a database indexed by an earlier version), then the indexes: faster built after the rows.
      postingsOf('chunks'),
      'ALTER TABLE postings ADD PRIMARY KEY (term, letter_key, n) INCLUDE (body_tf, section_tf, body_len, section_len)',
      'CREATE INDEX postings_letter ON postings (letter_key)',
      // Searches no longer match tsvectors: their GIN indexes only slowed every write.
      'DROP INDEX IF EXISTS chunks_body_terms',
      'DROP INDEX IF EXISTS chunks_section_terms',
      'ANALYZE letters',
      'ANALYZE postings',
    ],
  },
  {
    version: 5,
    statements: [
      // Version 4 slowed every write as the corpus grew, inside one rebuild's transaction above all: the
      // foreign key's check and the trigger's statements (which have no parameters, so a session plans
      // each once) ran plans made while the tables were nearly empty, scanning every letter per posting
      // and every posting per letter. Postings now go with their letter by a statement trigger, and
      // both triggers find rows by index only: the few rows of one letter, whatever the plan's age.
      'ALTER TABLE postings DROP CONSTRAINT IF EXISTS postings_letter_key_fkey',
      `CREATE OR REPLACE FUNCTION postings_from_chunks() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
       BEGIN
         INSERT INTO postings (term, letter_key, n, body_tf, section_tf, body_len, section_len)
         SELECT x.term, k.key, x.n, sum(x.body_tf), sum(x.section_tf), x.body_len, x.section_len
         FROM (
           SELECT c.letter_id, c.n, u.lexeme AS term, coalesce(array_length(u.positions, 1), 1) AS body_tf, 0 AS section_tf,
                  length(c.body_terms) AS body_len, length(c.section_terms) AS section_len
           FROM new_chunks c, unnest(c.body_terms) u
           UNION ALL
           SELECT c.letter_id, c.n, u.lexeme, 0, coalesce(array_length(u.positions, 1), 1), length(c.body_terms), length(c.section_terms)
           FROM new_chunks c, unnest(c.section_terms) u
         ) x
         JOIN (SELECT id, key FROM letters WHERE id = ANY (ARRAY(SELECT DISTINCT letter_id FROM new_chunks))) k ON k.id = x.letter_id
         GROUP BY x.term, k.key, x.n, x.body_len, x.section_len;
         RETURN NULL;
       END $$`,
      `CREATE OR REPLACE FUNCTION postings_of_deleted_letters() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
       BEGIN
         DELETE FROM postings WHERE letter_key = ANY (ARRAY(SELECT key FROM old_letters));
         RETURN NULL;
       END $$`,
      'CREATE TRIGGER letters_postings AFTER DELETE ON letters REFERENCING OLD TABLE AS old_letters FOR EACH STATEMENT EXECUTE FUNCTION postings_of_deleted_letters()',
    ],
  },
  {
    version: 6,
    statements: [
      // The version of a letter that a write replaced or deleted, kept for a few minutes
      // (letter-versions.ts): a server still serving the generation before that write reads its
      // text and chunk records, and searches its vectors and postings, by its old key, until it
      // has taken in the change. retired_generation is the generation of the write that retired
      // it (set when that write bumps the generation); a server at generation G sees those > G.
      `CREATE TABLE retired_letters (
         key integer PRIMARY KEY,
         id text NOT NULL,
         sha256 text NOT NULL,
         letter_date text,
         body text NOT NULL,
         chunks jsonb NOT NULL,
         retired_generation bigint,
         retired_at timestamptz NOT NULL DEFAULT now())`,
      'CREATE INDEX retired_letters_at ON retired_letters (retired_at)',
      `CREATE TABLE retired_chunks (
         letter_key integer NOT NULL REFERENCES retired_letters (key) ON DELETE CASCADE,
         n integer NOT NULL,
         embedding vector NOT NULL,
         PRIMARY KEY (letter_key, n))`,
      `CREATE TABLE retired_postings (
         letter_key integer NOT NULL REFERENCES retired_letters (key) ON DELETE CASCADE,
         n integer NOT NULL,
         body_len integer NOT NULL,
         section_len integer NOT NULL,
         body_tf smallint NOT NULL,
         section_tf smallint NOT NULL,
         term text NOT NULL,
         PRIMARY KEY (term, letter_key, n))`,
      'CREATE INDEX retired_postings_letter ON retired_postings (letter_key)',
    ],
  },
  {
    version: 7,
    statements: [
      // Each letter's chunk records (id, n, start, end, section, kind, tokens per paragraph) beside its
      // text, so a request reads a letter's records with one row instead of a heap visit per paragraph
      // to the wide chunk rows (vector and tsvectors). Written with the chunks, in the same statement
      // set (letter-rows.ts).
      'ALTER TABLE letters ADD COLUMN chunk_records jsonb',
      `UPDATE letters l SET chunk_records = (
         SELECT coalesce(jsonb_agg(jsonb_build_array(c.id, c.n, c.start_offset, c.end_offset, c.section, c.kind, c.tokens) ORDER BY c.n), '[]'::jsonb)
         FROM chunks c WHERE c.letter_id = l.id)`,
      'ALTER TABLE letters ALTER COLUMN chunk_records SET NOT NULL',
    ],
  },
];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Brings the schema up to the latest version (tests: `target`); a no-op when it is there already. Returns the versions applied. */
export async function migrate(db: Db, target = SCHEMA_VERSION): Promise<number[]> {
  return withAdvisoryLock(db, LOCK_KEYS.migrate, async (conn) => {
    await conn.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await conn.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    // A newer version has changed what a write must keep in step: this one would leave it inconsistent.
    const newest = Math.max(0, ...done);
    if (newest > SCHEMA_VERSION) {
      throw new Error(
        `the database's schema is version ${newest}, newer than this version of letters-assistant knows (${SCHEMA_VERSION}): upgrade it to serve or index this database`,
      );
    }
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version) || m.version > target) continue;
      await conn
        .transaction(async (tx) => {
          // Filling a new table from every chunk can outlast the timeout meant for searches.
          await tx.query(`SELECT set_config('statement_timeout', '0', true)`);
          for (const s of m.statements) await tx.query(s, undefined, { unbounded: true });
          await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
        })
        .catch((err: unknown) => {
          const message = errorMessage(err);
          const hint = /extension "vector"/.test(message) ? ' (this server lacks pgvector: install it, or use a managed Postgres that offers the "vector" extension)' : '';
          throw new Error(`Postgres schema migration ${m.version} failed, nothing applied: ${message}${hint}`);
        });
      applied.push(m.version);
    }
    return applied;
  });
}

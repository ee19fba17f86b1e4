import { errorMessage } from '../../base/error-message.js';
import { type Db, LOCK_KEYS, withAdvisoryLock } from './db.js';

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
];

/** Brings the schema up to the latest version; a no-op when it is there already. Returns the versions applied. */
export async function migrate(db: Db): Promise<number[]> {
  return withAdvisoryLock(db, LOCK_KEYS.migrate, async (conn) => {
    await conn.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await conn.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await conn
        .transaction(async (tx) => {
          for (const s of m.statements) await tx.query(s);
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

import type { Queryable } from './db.js';

/** The channel every write NOTIFYs on (payload: the new generation); every server LISTENs on it. */
export const CHANGE_CHANNEL = 'letters_changed';

/**
 * Adds (sign 1) or takes away (sign -1) the term statistics of some letters' chunks (all letters'
 * when ids is null): document frequencies per term in each field, and the chunk counts and field
 * lengths behind BM25's averages. The indexer keeps them in step with the chunks in the same
 * transaction, under the index lock, so a server reads them instead of scanning every paragraph.
 * Call with 1 after inserting chunks, with -1 before deleting them.
 */
export async function applyTermStats(tx: Queryable, letterIds: readonly string[] | null, sign: 1 | -1): Promise<void> {
  const ids = letterIds === null ? null : [...letterIds];
  if (ids?.length === 0) return;
  await tx.query(
    `WITH c AS MATERIALIZED (
       SELECT body_terms, section_terms, kind FROM chunks WHERE $1::text[] IS NULL OR letter_id = ANY($1::text[])
     ),
     per_field AS (
       SELECT u.lexeme AS term, count(*) AS body, count(*) FILTER (WHERE c.kind = 'body') AS body_kind, 0::bigint AS section
       FROM c, unnest(c.body_terms) u GROUP BY u.lexeme
       UNION ALL
       SELECT u.lexeme, 0, 0, count(*) FROM c, unnest(c.section_terms) u GROUP BY u.lexeme
     )
     INSERT INTO term_stats (term, body_df, section_df, body_kind_df)
     SELECT term, $2::int * sum(body)::int, $2::int * sum(section)::int, $2::int * sum(body_kind)::int FROM per_field GROUP BY term
     ON CONFLICT (term) DO UPDATE SET
       body_df = term_stats.body_df + excluded.body_df,
       section_df = term_stats.section_df + excluded.section_df,
       body_kind_df = term_stats.body_kind_df + excluded.body_kind_df`,
    [ids, sign],
  );
  await tx.query(
    `UPDATE corpus_state SET
       chunks = chunks + $2::int * x.n, body_chunks = body_chunks + $2::int * x.body,
       body_length = body_length + $2::int * x.bl, section_length = section_length + $2::int * x.sl
     FROM (SELECT count(*)::int AS n, (count(*) FILTER (WHERE kind = 'body'))::int AS body,
                  coalesce(sum(length(body_terms)), 0)::bigint AS bl, coalesce(sum(length(section_terms)), 0)::bigint AS sl
           FROM chunks WHERE $1::text[] IS NULL OR letter_id = ANY($1::text[])) x`,
    [ids, sign],
  );
  if (sign < 0) await tx.query('DELETE FROM term_stats WHERE body_df <= 0 AND section_df <= 0');
}

/** Empties the statistics (before a rebuild recounts them over every chunk). */
export async function clearTermStats(tx: Queryable): Promise<void> {
  await tx.query('DELETE FROM term_stats');
  await tx.query('UPDATE corpus_state SET chunks = 0, body_chunks = 0, body_length = 0, section_length = 0');
}

/**
 * Marks a write: bumps the generation and NOTIFYs it. Inside the writing transaction, so the
 * notification goes out when (and only if) it commits, and a server that missed it sees a newer
 * generation when it reconnects.
 */
export async function bumpGeneration(tx: Queryable): Promise<number> {
  const row = (await tx.query<{ generation: string }>('UPDATE corpus_state SET generation = generation + 1 RETURNING generation')).rows[0];
  const generation = Number(row?.generation ?? 0);
  // The versions this write retired (letter-versions.ts) belong to every generation before this one.
  await tx.query('UPDATE retired_letters SET retired_generation = $1 WHERE retired_generation IS NULL', [generation]);
  await tx.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, String(generation)]);
  return generation;
}

export async function currentGeneration(db: Queryable): Promise<number> {
  const row = (await db.query<{ generation: string }>('SELECT generation FROM corpus_state')).rows[0];
  return Number(row?.generation ?? 0);
}

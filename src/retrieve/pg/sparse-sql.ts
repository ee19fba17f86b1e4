import { BM25 } from '../bm25.js';

/** A number as a SQL double precision literal. Only our own constants go in, never input. */
function float(x: number): string {
  return `${Number.isInteger(x) ? x.toFixed(1) : String(x)}::float8`;
}

const K1 = float(BM25.k1);
const K1_PLUS_1 = float(BM25.k1 + 1);
const ONE_MINUS_B = float(1 - BM25.b);
const B = float(BM25.b);
const DELTA = float(BM25.delta);
const HALF = float(0.5);
const ONE = float(1);

/** One field's BM25+ of a term in a posting: `tf` the term's frequency there, `len` the field's lexeme count, `avg` its average. */
function fieldScore(idf: string, tf: string, len: string, avg: string): string {
  return `CASE WHEN ${tf} > 0 THEN ${idf} * (${DELTA} + (${tf} * ${K1_PLUS_1}) / (${tf} + ${K1} * (${ONE_MINUS_B} + ${B} * ${len} / ${avg}))) ELSE 0 END`;
}

/** A field's IDF as minisearch computes it, times the field's boost. */
function idf(boost: number, df: string): string {
  return `${float(boost)} * ln(${ONE} + (t.n - ${df} + ${HALF}) / (${df} + ${HALF}))`;
}

/**
 * BM25+ as the local SparseIndex scores it (the numbers in ../bm25.ts: k1, b, δ, the field
 * boosts; a concept's boost comes in as $3; each query occurrence of a term scores again; the sum
 * times the number of distinct terms matched), read from the postings table: one index-only scan
 * per query term over its rows, whatever the size of the corpus beyond them. IDF and average
 * lengths are over every chunk, from term_stats and corpus_state (kept by the indexer); the filters
 * only choose which chunks are scored, as locally, and are index conditions (the letters' keys).
 *
 * The postings searched are the current letters' and those of versions another process replaced
 * or deleted after the generation the server read ($5), which it still serves (retired_postings,
 * a handful of letters for a few minutes). Rows come back by letter key: the server places the
 * versions it serves and skips the rest.
 *
 * $1 terms, $2 occurrences in the query, $3 boosts, $4 limit, $5 the server's generation;
 * filtered: $6 letter ids or null, $7 from or null, $8 to or null.
 */
export function sparseSql(filtered: boolean): string {
  return `
WITH q AS MATERIALIZED (
  SELECT * FROM unnest($1::text[], $2::int[], $3::float8[]) AS q(term, occ, boost)
),
t AS MATERIALIZED (
  SELECT chunks::float8 AS n,
         body_length::float8 / greatest(chunks, 1) AS avg_body,
         section_length::float8 / greatest(chunks, 1) AS avg_section
  FROM corpus_state LIMIT 1
),
-- Per query term: its weight in the query and each field's IDF, from the indexer's counts.
w AS MATERIALIZED (
  SELECT q.term, q.occ * q.boost AS mult, t.avg_body, t.avg_section,
         ${idf(BM25.fieldBoost.text, 's.body_df')} AS idf_body,
         ${idf(BM25.fieldBoost.section, 's.section_df')} AS idf_section
  FROM q JOIN term_stats s ON s.term = q.term CROSS JOIN t
),${
    filtered
      ? `
allowed AS MATERIALIZED (
  SELECT array_agg(key) AS keys FROM letters
  WHERE ($6::text[] IS NULL OR id = ANY($6::text[]))
    AND ($7::text IS NULL OR letter_date >= $7::text)
    AND ($8::text IS NULL OR letter_date <= $8::text)
),`
      : ''
  }
kept AS MATERIALIZED (
  SELECT array_agg(key) AS keys FROM retired_letters
  WHERE retired_generation > $5::bigint${
    filtered
      ? `
    AND ($6::text[] IS NULL OR id = ANY($6::text[]))
    AND ($7::text IS NULL OR letter_date >= $7::text)
    AND ($8::text IS NULL OR letter_date <= $8::text)`
      : ''
  }
),
top AS (
  SELECT p.letter_key, p.n,
         sum(w.mult * (${fieldScore('w.idf_body', 'p.body_tf', 'p.body_len', 'w.avg_body')}
                     + ${fieldScore('w.idf_section', 'p.section_tf', 'p.section_len', 'w.avg_section')})) * count(*) AS score
  -- One index scan per query term, whatever the planner's statistics say (OFFSET 0 keeps the
  -- subquery from being flattened into a join it might run as a scan of the whole table).
  FROM w CROSS JOIN LATERAL (
    (SELECT letter_key, n, body_len, section_len, body_tf, section_tf FROM postings p
     WHERE p.term = w.term${filtered ? ' AND p.letter_key = ANY((SELECT keys FROM allowed)::integer[])' : ''} OFFSET 0)
    UNION ALL
    SELECT letter_key, n, body_len, section_len, body_tf, section_tf FROM retired_postings r
    WHERE r.term = w.term AND r.letter_key = ANY((SELECT keys FROM kept)::integer[])
  ) p
  GROUP BY p.letter_key, p.n
  ORDER BY score DESC, p.letter_key, p.n
  LIMIT $4
)
SELECT letter_key, n, score FROM top
ORDER BY score DESC, letter_key, n`;
}

export const SPARSE_SQL = sparseSql(false);
export const FILTERED_SPARSE_SQL = sparseSql(true);

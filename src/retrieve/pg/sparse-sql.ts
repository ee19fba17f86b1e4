import { BM25 } from '../bm25.js';

/** A number as a SQL float literal ("1.0", "0.7"). Only our own constants go in, never input. */
function float(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

const K1 = float(BM25.k1);
const K1_PLUS_1 = float(BM25.k1 + 1);
const B = float(BM25.b);
const DELTA = float(BM25.delta);

/** One field's BM25+ of a term: `length` is the field's lexeme count, `avg` its average over every chunk. */
function fieldScore(boost: number, df: string, length: string, avg: string): string {
  return `${float(boost)} * ln(1 + (t.n - ${df} + 0.5) / (${df} + 0.5))
           * (${DELTA} + (array_length(u.positions, 1) * ${K1_PLUS_1}) / (array_length(u.positions, 1) + ${K1} * (1 - ${B} + ${B} * ${length} / ${avg})))`;
}

/**
 * BM25+ as the local SparseIndex scores it (the numbers in ../bm25.ts: k1, b, δ, the field boosts;
 * a concept's boost comes in as $4; each query occurrence of a term scores again; the sum times the
 * number of distinct terms matched), over the tsvectors of our own terms: a term's frequency is its
 * position count, a field's length its lexeme count. IDF and average lengths are over every
 * chunk, read from term_stats and corpus_state (kept by the indexer); the filters only choose
 * which chunks are scored, as locally.
 *
 * $1 terms, $2 their tsquery literals, $3 occurrences in the query, $4 boosts, $5 any-term
 * tsquery, $6 letter ids or null, $7 from or null, $8 to or null, $9 limit.
 */
export const SPARSE_SQL = `
WITH q AS MATERIALIZED (
  SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::float8[]) AS q(term, tsq, occ, boost)
),
totals AS MATERIALIZED (
  SELECT chunks::float8 AS n,
         CASE WHEN chunks > 0 THEN body_length::float8 / chunks ELSE 0 END AS avg_body,
         CASE WHEN chunks > 0 THEN section_length::float8 / chunks ELSE 0 END AS avg_section
  FROM corpus_state
),
-- Document frequencies from the indexer's table, not counted at query time.
df AS MATERIALIZED (
  SELECT q.term, q.occ, q.boost, coalesce(s.body_df, 0)::float8 AS body, coalesce(s.section_df, 0)::float8 AS section
  FROM q LEFT JOIN term_stats s ON s.term = q.term
),
cand AS MATERIALIZED (
  SELECT c.id, c.body_terms, c.section_terms
  FROM chunks c JOIN letters l ON l.id = c.letter_id
  WHERE (c.body_terms @@ $5::tsquery OR c.section_terms @@ $5::tsquery)
    AND ($6::text[] IS NULL OR c.letter_id = ANY($6::text[]))
    AND ($7::text IS NULL OR l.letter_date >= $7::text)
    AND ($8::text IS NULL OR l.letter_date <= $8::text)
),
-- One row per (chunk, field, query term it holds): BM25+ of that term in that field.
field_scores AS (
  SELECT cand.id, u.lexeme AS term,
         ${fieldScore(BM25.fieldBoost.text, 'df.body', 'length(cand.body_terms)', 't.avg_body')} AS s
  FROM cand CROSS JOIN totals t, unnest(cand.body_terms) u JOIN df ON df.term = u.lexeme
  UNION ALL
  SELECT cand.id, u.lexeme,
         ${fieldScore(BM25.fieldBoost.section, 'df.section', 'length(cand.section_terms)', 't.avg_section')}
  FROM cand CROSS JOIN totals t, unnest(cand.section_terms) u JOIN df ON df.term = u.lexeme
),
per_term AS (
  SELECT f.id, f.term, sum(f.s) * df.boost * df.occ AS s
  FROM field_scores f JOIN df ON df.term = f.term
  GROUP BY f.id, f.term, df.boost, df.occ
)
SELECT id, sum(s) * count(*) AS score
FROM per_term
GROUP BY id
ORDER BY score DESC, id
LIMIT $9`;

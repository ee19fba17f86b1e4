/**
 * BM25+ as the local SparseIndex scores it (k1 1.2, b 0.7, δ 0.5; text field ×1, section ×0.5;
 * a concept ×0.6; each query occurrence of a term scores again; the sum times the number of
 * distinct terms matched), over the tsvectors of our own terms: a term's frequency is its
 * position count, a field's length its lexeme count. IDF and average lengths are over every
 * chunk; the filters only choose which chunks are scored, as locally.
 *
 * $1 terms, $2 their tsquery literals, $3 occurrences in the query, $4 boosts, $5 any-term
 * tsquery, $6 letter ids or null, $7 from or null, $8 to or null, $9 limit.
 */
export const SPARSE_SQL = `
WITH q AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::float8[]) AS q(term, tsq, occ, boost)
),
totals AS (
  SELECT count(*)::float8 AS n,
         coalesce(avg(length(body_terms)), 0)::float8 AS avg_body,
         coalesce(avg(length(section_terms)), 0)::float8 AS avg_section
  FROM chunks
),
df AS (
  SELECT q.term,
         (SELECT count(*) FROM chunks c WHERE c.body_terms @@ q.tsq::tsquery)::float8 AS body,
         (SELECT count(*) FROM chunks c WHERE c.section_terms @@ q.tsq::tsquery)::float8 AS section
  FROM q
),
cand AS (
  SELECT c.id, c.body_terms, c.section_terms
  FROM chunks c JOIN letters l ON l.id = c.letter_id
  WHERE (c.body_terms @@ $5::tsquery OR c.section_terms @@ $5::tsquery)
    AND ($6::text[] IS NULL OR c.letter_id = ANY($6::text[]))
    AND ($7::text IS NULL OR l.letter_date >= $7::text)
    AND ($8::text IS NULL OR l.letter_date <= $8::text)
),
tf AS (
  SELECT cand.id, u.lexeme AS term, 1.0::float8 AS field_boost, array_length(u.positions, 1)::float8 AS tf,
         length(cand.body_terms)::float8 AS len, 0 AS field
  FROM cand, unnest(cand.body_terms) u WHERE u.lexeme = ANY($1::text[])
  UNION ALL
  SELECT cand.id, u.lexeme, 0.5, array_length(u.positions, 1)::float8, length(cand.section_terms)::float8, 1
  FROM cand, unnest(cand.section_terms) u WHERE u.lexeme = ANY($1::text[])
),
per_term AS (
  SELECT tf.id, tf.term,
         sum(q.boost * tf.field_boost
             * ln(1 + (t.n - d.df + 0.5) / (d.df + 0.5))
             * (0.5 + (tf.tf * 2.2) / (tf.tf + 1.2 * (1 - 0.7 + 0.7 * tf.len / d.avg_len)))) * q.occ AS s
  FROM tf
  CROSS JOIN totals t
  JOIN q ON q.term = tf.term
  JOIN LATERAL (
    SELECT CASE WHEN tf.field = 0 THEN df.body ELSE df.section END AS df,
           CASE WHEN tf.field = 0 THEN t.avg_body ELSE t.avg_section END AS avg_len
    FROM df WHERE df.term = tf.term
  ) d ON true
  GROUP BY tf.id, tf.term, q.occ
)
SELECT id, sum(s) * count(*) AS score
FROM per_term
GROUP BY id
ORDER BY score DESC, id
LIMIT $9`;

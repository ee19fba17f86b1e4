import pgvector from 'pgvector';
import type { ChunkLayout } from '../../store/chunk-layout.js';
import type { Db } from '../../store/pg/db.js';
import type { ServedVersions } from '../../store/pg/letter-versions.js';
import { sparseQueryTerms, termBoost } from '../bm25.js';
import type { Candidate, CandidateSource } from '../candidate-source.js';
import type { SearchFilters } from '../search-types.js';
import { FILTERED_SPARSE_SQL, SPARSE_SQL } from './sparse-sql.js';

/**
 * Candidates from Postgres: BM25 computed in SQL over the postings of our own terms (the same
 * formula, parameters and term analysis as the local SparseIndex, so the same scores), and
 * cosine neighbours from the HNSW index. JIT compilation is off for both: it costs more than
 * these short queries run (a managed Postgres often has it on). Filters are SQL conditions. Rows
 * come back as (letter key, paragraph n) and are placed by the index's layout, with no record of
 * any chunk in memory. Both searches cover the versions of letters this server serves: the
 * current ones, and those another process replaced or deleted after the generation it read (kept
 * for it in the retired tables); a newer version, which the layout does not place, is skipped
 * until this process has taken the write in.
 */
export class PgCandidates implements CandidateSource {
  constructor(
    private readonly db: Db,
    /** Where the served index puts each letter's chunks (LoadedIndex.layout). */
    private readonly layout: ChunkLayout,
    /** Which version of each letter is served, and as of which generation. */
    private readonly versions: ServedVersions,
    private readonly embedderId: string,
    /** hnsw.ef_search for every dense query (PGVECTOR_EF_SEARCH); otherwise from the limit. */
    private readonly efSearch?: number,
  ) {}

  async sparse(query: string, limit: number, filters: SearchFilters, expansion?: ReadonlyMap<string, number>): Promise<Candidate[]> {
    const occurrences = sparseQueryTerms(query, expansion);
    if (occurrences.length === 0 || limit <= 0) return [];
    const terms = [...new Set(occurrences)];
    const f = filterParams(filters);
    const filtered = f.letterIds !== null || f.from !== null || f.to !== null;
    const params: unknown[] = [
      terms,
      terms.map((t) => occurrences.filter((o) => o === t).length),
      terms.map((t) => expansion?.get(t) ?? termBoost(t)),
      limit,
      this.versions.generation,
    ];
    const rows = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('jit', 'off', true)`);
      return (await tx.query<CandidateRow>(filtered ? FILTERED_SPARSE_SQL : SPARSE_SQL, filtered ? [...params, f.letterIds, f.from, f.to] : params)).rows;
    });
    return this.toCandidates(rows, limit);
  }

  async dense(vector: ArrayLike<number>, limit: number, filters: SearchFilters): Promise<Candidate[]> {
    if (limit <= 0) return [];
    const f = filterParams(filters);
    const dated = f.from !== null || f.to !== null;
    const rows = await this.db.transaction(async (tx) => {
      // HNSW returns at most ef_search rows; iterative scans keep going when filters drop some (pgvector ≥ 0.8).
      const ef = this.efSearch ?? Math.min(1000, Math.max(100, 2 * limit));
      await tx.query(`SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'strict_order', true), set_config('jit', 'off', true)`, [String(ef)]);
      // The current chunks by the HNSW index, and the few kept versions this server still serves by a scan.
      const sql = `(SELECT ${dated ? 'l.key' : '(SELECT l.key FROM letters l WHERE l.id = c.letter_id)'} AS letter_key, c.n, 1 - (c.embedding <=> $1::vector) AS score
        FROM chunks c ${dated ? 'JOIN letters l ON l.id = c.letter_id' : ''}
        WHERE (SELECT embedder_id FROM index_meta) = $2
          AND ($3::text[] IS NULL OR c.letter_id = ANY($3::text[]))
          ${dated ? 'AND ($4::text IS NULL OR l.letter_date >= $4::text) AND ($5::text IS NULL OR l.letter_date <= $5::text)' : 'AND $4::text IS NULL AND $5::text IS NULL'}
        ORDER BY c.embedding <=> $1::vector
        LIMIT $6)
        UNION ALL
        (SELECT r.letter_key, r.n, 1 - (r.embedding <=> $1::vector)
        FROM retired_chunks r JOIN retired_letters rl ON rl.key = r.letter_key
        WHERE (SELECT embedder_id FROM index_meta) = $2 AND rl.retired_generation > $7
          AND ($3::text[] IS NULL OR rl.id = ANY($3::text[]))
          AND ($4::text IS NULL OR rl.letter_date >= $4::text) AND ($5::text IS NULL OR rl.letter_date <= $5::text)
        ORDER BY r.embedding <=> $1::vector
        LIMIT $6)`;
      return (await tx.query<CandidateRow>(sql, [pgvector.toSql(Array.from(vector)), this.embedderId, f.letterIds, f.from, f.to, limit, this.versions.generation])).rows;
    });
    // The two lists merged best first; sort is stable, so the HNSW order of equal scores stands.
    rows.sort((a, b) => Number(b.score) - Number(a.score));
    return this.toCandidates(rows, limit);
  }

  private toCandidates(rows: CandidateRow[], limit: number): Candidate[] {
    const out: Candidate[] = [];
    for (const r of rows) {
      const letterId = this.versions.letterOf(Number(r.letter_key));
      const index = letterId === undefined ? undefined : this.layout.position(letterId, Number(r.n));
      if (index !== undefined) out.push({ index, score: Number(r.score) });
      if (out.length === limit) break;
    }
    return out;
  }
}

/** A scored chunk as both queries return it: its letter's key (the stored version) and paragraph number. */
interface CandidateRow {
  letter_key: number;
  n: number;
  score: number;
}

function filterParams(f: SearchFilters): { letterIds: string[] | null; from: string | null; to: string | null } {
  return { letterIds: f.letterIds?.length ? f.letterIds : null, from: f.from || null, to: f.to || null };
}

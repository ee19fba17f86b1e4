import type { Library } from '../store/library.js';
import type { SearchFilters } from './search-types.js';
import type { SparseIndex } from './sparse-index.js';

/** A chunk by its position in the index (Library.chunk), with the score one side gave it. */
export interface Candidate {
  index: number;
  score: number;
}

/**
 * Where the Retriever gets its two candidate lists before fusing them: BM25 over our analysed
 * terms, and cosine nearest neighbours. Filters are applied by the source (in SQL for Postgres),
 * so a filtered search still returns `limit` candidates when there are that many.
 */
export interface CandidateSource {
  /** `expansion`: stand-in terms for the query's words (term → boost below 1), scored like its own terms. */
  sparse(query: string, limit: number, filters: SearchFilters, expansion?: ReadonlyMap<string, number>): Promise<Candidate[]>;
  dense(vector: ArrayLike<number>, limit: number, filters: SearchFilters): Promise<Candidate[]>;
}

/**
 * A search limited to at most this share of the chunks scores just their rows, exactly, instead
 * of scanning the whole matrix with a filter: a question naming an authority (its few dozen
 * letters of thousands) costs the rows of its letters.
 */
const SUBSET_SHARE = 1 / 8;

/** The chunk positions a search's filters allow: ascending, and as a mask for filtering candidates. */
interface Scope {
  rows: Int32Array;
  mask: Uint8Array;
}

/** Today's in-memory search: the sparse index's typed-array BM25 and the loaded vector matrix. */
export class LocalCandidates implements CandidateSource {
  /** The retriever asks both sides with the same filters object: its scope is worked out once. */
  private readonly scopes = new WeakMap<SearchFilters, Scope | null>();

  constructor(
    private readonly library: Library,
    private readonly sparseIndex: SparseIndex,
  ) {}

  async sparse(query: string, limit: number, filters: SearchFilters, expansion?: ReadonlyMap<string, number>): Promise<Candidate[]> {
    const scope = this.scopeOf(filters);
    return this.sparseIndex.query(query, limit, scope ? (i) => scope.mask[i] === 1 : undefined, expansion);
  }

  async dense(vector: ArrayLike<number>, limit: number, filters: SearchFilters): Promise<Candidate[]> {
    const { index } = this.library;
    const scope = this.scopeOf(filters);
    if (!scope) return index.nearest(vector, limit);
    if (scope.rows.length <= this.library.chunkCount * SUBSET_SHARE) return index.nearestAmong(vector, limit, scope.rows);
    return index.nearest(vector, limit, (i) => scope.mask[i] === 1);
  }

  private scopeOf(filters: SearchFilters): Scope | null {
    if (this.scopes.has(filters)) return this.scopes.get(filters) ?? null;
    const ids = allowedLetters(this.library, filters);
    let scope: Scope | null = null;
    if (ids) {
      const mask = new Uint8Array(this.library.chunkCount);
      let n = 0;
      for (const id of ids) {
        const positions = this.library.positionsOf(id);
        for (const i of positions) mask[i] = 1;
        n += positions.length;
      }
      const rows = new Int32Array(n);
      let at = 0;
      for (let i = 0; i < mask.length && at < n; i++) if (mask[i] === 1) rows[at++] = i;
      scope = { rows, mask };
    }
    this.scopes.set(filters, scope);
    return scope;
  }
}

/** The ids of the letters that pass the filters; null when nothing is filtered. */
function allowedLetters(library: Library, f: SearchFilters): Set<string> | null {
  if (!f.letterIds?.length && !f.from && !f.to) return null;
  const ids = f.letterIds?.length ? new Set(f.letterIds) : null;
  return new Set(
    library.letters.filter((l) => (!ids || ids.has(l.id)) && (!f.from || (l.date ?? '') >= f.from) && (!f.to || (l.date !== null && l.date <= f.to))).map((l) => l.id),
  );
}

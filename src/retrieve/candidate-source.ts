import type { ChunkRecord } from '../store/chunk-record.js';
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

/** Today's in-memory search: the sparse index's typed-array BM25 and the loaded vector matrix. */
export class LocalCandidates implements CandidateSource {
  constructor(
    private readonly library: Library,
    private readonly sparseIndex: SparseIndex,
  ) {}

  async sparse(query: string, limit: number, filters: SearchFilters, expansion?: ReadonlyMap<string, number>): Promise<Candidate[]> {
    return this.sparseIndex.query(query, limit, acceptFor(this.library, filters), expansion);
  }

  async dense(vector: ArrayLike<number>, limit: number, filters: SearchFilters): Promise<Candidate[]> {
    return this.library.index.nearest(vector, limit, acceptFor(this.library, filters));
  }
}

/** Chunk positions whose letter passes the filters; undefined when nothing is filtered. */
export function acceptFor(library: Library, f: SearchFilters): ((i: number) => boolean) | undefined {
  if (!f.letterIds?.length && !f.from && !f.to) return undefined;
  const ids = f.letterIds?.length ? new Set(f.letterIds) : null;
  const allowed = new Set(
    library.letters.filter((l) => (!ids || ids.has(l.id)) && (!f.from || (l.date ?? '') >= f.from) && (!f.to || (l.date !== null && l.date <= f.to))).map((l) => l.id),
  );
  // Called per chunk a local scan meets: straight off the records when memory holds them.
  if (!library.index.hasChunkRecords) return (i) => allowed.has(library.letterIdAt(i) as string);
  const chunks = library.index.chunks;
  return (i) => allowed.has((chunks[i] as ChunkRecord).letterId);
}

import type { Embedder } from '../embed/embedder.js';
import type { CandidateSource } from '../retrieve/candidate-source.js';
import { Retriever } from '../retrieve/retriever.js';
import type { TermStats } from '../retrieve/term-stats.js';
import type { Library } from '../store/library.js';

/**
 * What the server answers from: a Library and the Retriever built over it, made together and
 * swapped together, so no request sees the letters of one index and the search of another.
 */
export interface Snapshot {
  readonly library: Library;
  readonly retriever: Retriever;
}

/** Builds the search structures for a library now, so the first question does not pay for them. */
export function snapshotOf(library: Library, embedder: Embedder, candidates?: CandidateSource, termStats?: { stats: TermStats; bodyStats: TermStats }): Snapshot {
  const retriever = new Retriever(library, embedder, candidates, termStats);
  library.index.matrix.decodeInBackground();
  return Object.freeze({ library, retriever });
}

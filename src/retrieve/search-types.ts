import type { ChunkKind } from '../chunk/chunk.js';

export interface SearchFilters {
  letterIds?: string[] | undefined;
  /** Inclusive ISO dates on the letter's date. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface SearchRequest extends SearchFilters {
  query: string;
  k: number;
}

/** One retrieved paragraph. `text` is letter.text.slice(start, end). */
export interface SearchHit {
  letterId: string;
  letterDate: string | null;
  paragraph: number;
  start: number;
  end: number;
  section: string | null;
  kind: ChunkKind;
  text: string;
  /** Fused relevance, 0..1, comparable within one query. */
  score: number;
}

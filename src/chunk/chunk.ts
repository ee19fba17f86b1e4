export type ChunkKind = 'front' | 'body' | 'closing';

export interface Chunk {
  /** Paragraph number within the letter, from 1. */
  n: number;
  /** [start, end) into the raw letter text; text.slice(start, end) is the paragraph. */
  start: number;
  end: number;
  /** The heading the paragraph sits under, as display text; null before the first heading. */
  section: string | null;
  kind: ChunkKind;
  tokens: number;
}

export interface Heading {
  start: number;
  end: number;
  text: string;
}

export interface ChunkedLetter {
  chunks: Chunk[];
  headings: Heading[];
}

export interface ChunkOptions {
  /** Paragraphs above this many tokens are split at sentence boundaries. */
  maxTokens: number;
  /** Fragments under this many words merge with a neighbour. */
  minWords: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxTokens: 350, minWords: 8 };

/** Bump when chunking changes: the index is rebuilt from scratch when this differs. */
export const CHUNKER_VERSION = 'paragraphs-2';

import { z } from 'zod';

/** Letterhead and address, the letter's body, and the sign-off. */
export const CHUNK_KINDS = ['front', 'body', 'closing'] as const;
export type ChunkKind = (typeof CHUNK_KINDS)[number];

/**
 * One paragraph of a letter: the one chunk shape. Every store keeps these fields (with the
 * letter's id: store/chunk-record.ts), whatever its format on disk or in Postgres.
 */
export const chunkSchema = z.object({
  /** Paragraph number within the letter, from 1. */
  n: z.number().int().positive(),
  /** [start, end) into the raw letter text; text.slice(start, end) is the paragraph. */
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  /** The heading the paragraph sits under, as display text; null before the first heading. */
  section: z.string().nullable(),
  kind: z.enum(CHUNK_KINDS),
  tokens: z.number().int().nonnegative(),
});

export type Chunk = z.infer<typeof chunkSchema>;

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
export const CHUNKER_VERSION = 'paragraphs-3';

import { z } from 'zod';
import { STORE_FORMATS } from './vector-store.js';

export const MANIFEST_VERSION = 1;

export const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  createdAt: z.string(),
  chunker: z.object({ version: z.string(), maxTokens: z.number(), minWords: z.number() }),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  letters: z.record(z.object({ sha256: z.string(), file: z.string(), chunks: z.number().int().nonnegative() })),
  chunkCount: z.number().int().nonnegative(),
  /** Which VectorStore wrote the build. Absent: built before stores were pluggable (vectra), or only in memory. */
  store: z.enum(STORE_FORMATS).optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;

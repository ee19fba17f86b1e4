import { z } from 'zod';
import type { LetterMetadata } from '../corpus/letter.js';
import { segmentSchema } from './segment-files.js';
import { STORE_FORMATS } from './vector-store.js';

export const MANIFEST_VERSION = 1;
/** 2: int8 vectors (VectorMatrix) and the sparse index (sparse.bin) in the build. Absent: float32 vectors, no sparse index. */
export const INDEX_LAYOUT = 2;

export const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  createdAt: z.string(),
  chunker: z.object({ version: z.string(), maxTokens: z.number(), minWords: z.number() }),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  letters: z.record(
    z.object({
      sha256: z.string(),
      file: z.string(),
      chunks: z.number().int().nonnegative(),
      /** The file's size and mtime when it was last read or checked: unchanged files are not read at start (scanCorpus). */
      size: z.number().int().nonnegative().optional(),
      mtimeMs: z.number().optional(),
      /** What was read from the letter's text (metadataOf), so an unchanged letter need not be read again. */
      metadata: z.custom<LetterMetadata>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)).optional(),
    }),
  ),
  /** When the corpus files' stamps above were taken (ms since the epoch). */
  stampedAt: z.number().optional(),
  layout: z.number().int().optional(),
  /** METADATA_VERSION of the metadata kept above. */
  metadataVersion: z.number().int().optional(),
  chunkCount: z.number().int().nonnegative(),
  /**
   * The binary store's segments, in chunk order: each holds the rows of whole letters, and a build
   * that only adds letters hard-links the previous build's segments and writes one more (see
   * segment-files.ts). Absent: one segment under the plain file names.
   */
  segments: z.array(segmentSchema).optional(),
  /** Which VectorStore wrote the build. Absent: built before stores were pluggable (vectra), or only in memory. */
  store: z.enum(STORE_FORMATS).optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;

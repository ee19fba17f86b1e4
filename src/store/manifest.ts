import { z } from 'zod';
import type { LetterMetadata } from '../corpus/letter.js';
import { segmentSchema } from './segment-files.js';
import { STORE_FORMATS } from './vector-store.js';

export const MANIFEST_VERSION = 1;
/**
 * 3: companded int8 codes (VectorMatrix's CODE_POWER). 2: linear int8 codes. Both with the sparse
 * index (sparse.bin) in the build. Absent: float32 vectors, no sparse index. A build of another
 * layout is built again.
 */
export const INDEX_LAYOUT = 3;
export const LINEAR_CODES_LAYOUT = 2;

/** What the manifest records of each letter. */
export const letterEntrySchema = z.object({
  sha256: z.string(),
  file: z.string(),
  chunks: z.number().int().nonnegative(),
  /** The file's size and mtime when it was last read or checked: unchanged files are not read at start (scanCorpus). */
  size: z.number().int().nonnegative().optional(),
  mtimeMs: z.number().optional(),
  /** What was read from the letter's text (metadataOf), so an unchanged letter need not be read again. */
  metadata: z.custom<LetterMetadata>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)).optional(),
});
export type LetterEntry = z.infer<typeof letterEntrySchema>;

/** letterEntrySchema's checks without zod's per-entry cost (and without copying the entries). */
function isLetterRecord(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const isInt = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  for (const e of Object.values(v)) {
    if (typeof e !== 'object' || e === null) return false;
    const { sha256, file, chunks, size, mtimeMs, metadata } = e as Record<string, unknown>;
    if (typeof sha256 !== 'string' || typeof file !== 'string' || !isInt(chunks)) return false;
    if ((size !== undefined && !isInt(size)) || (mtimeMs !== undefined && typeof mtimeMs !== 'number')) return false;
    if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))) return false;
  }
  return true;
}

export const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  createdAt: z.string(),
  chunker: z.object({ version: z.string(), maxTokens: z.number(), minWords: z.number() }),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  /** Checked by hand, entry by entry (zod over 10,000 entries was a tenth of a warm start): see letterEntrySchema. */
  letters: z.custom<Record<string, LetterEntry>>(isLetterRecord, { message: 'manifest letters are malformed' }),
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

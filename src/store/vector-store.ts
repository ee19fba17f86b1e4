import type { ChunkRecord } from './chunk-record.js';
import type { Segment } from './segment-files.js';
import type { VectorMatrix } from './vector-matrix.js';

export const STORE_FORMATS = ['binary', 'vectra'] as const;
export type StoreFormat = (typeof STORE_FORMATS)[number];

/** A build's rows: vector i of `matrix` belongs to chunks[i]. */
export interface StoredRows {
  chunks: ChunkRecord[];
  matrix: VectorMatrix;
}

/**
 * Where one build's chunk records and vectors are kept. ensureIndex owns everything around it
 * (staging directory, manifest, rename, CURRENT pointer, lock), so a store only writes a complete
 * build into a fresh directory and reads it back. Search runs in memory over the rows it returns.
 */
export interface VectorStore {
  /** Recorded in the manifest, so a build is always read by the store that wrote it. */
  readonly format: StoreFormat;
  /** Writes the rows into buildDir (new and empty) and flushes them to disk before returning. */
  write(buildDir: string, rows: StoredRows, dimensions: number): Promise<void>;
  /** Reads a build this store wrote (`segments`: the manifest's, for a store that appends); throws if it is missing, truncated or not `count` × `dimensions`. */
  read(buildDir: string, dimensions: number, count: number, segments?: readonly Segment[]): Promise<StoredRows>;
}

export class StoreLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreLimitError';
  }
}

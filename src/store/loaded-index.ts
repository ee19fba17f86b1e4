import type { ChunkRecord } from './chunk-record.js';
import type { Manifest } from './manifest.js';
import type { SparsePostings } from './sparse-postings.js';
import { VectorMatrix } from './vector-matrix.js';

/** An index held in memory: chunk records, their vectors (int8, see VectorMatrix) and, when the build has them, BM25 postings. */
export class LoadedIndex {
  readonly dimensions: number;
  readonly matrix: VectorMatrix;

  constructor(
    readonly manifest: Manifest,
    readonly chunks: ChunkRecord[],
    /** Row i is chunks[i]'s L2-normalised vector: int8 already, or row-major floats (quantized here). */
    vectors: VectorMatrix | Float32Array,
    readonly buildDir: string | null,
    /** False when the vectors live in a database (the Postgres store) and search runs there. */
    readonly hasVectors = true,
    /** The build's sparse index (postings, lengths, term statistics), so a start need not analyse any text; null: build it from the texts. */
    readonly sparse: SparsePostings | null = null,
  ) {
    this.dimensions = manifest.embedder.dimensions;
    this.matrix = vectors instanceof VectorMatrix ? vectors : VectorMatrix.quantize(vectors, this.dimensions);
    if (hasVectors && (this.matrix.count !== chunks.length || this.matrix.dimensions !== this.dimensions)) throw new Error('vector matrix does not match chunk count');
  }

  /** Chunk records and manifest only: the vectors stay in the database that searches them. */
  static withoutVectors(manifest: Manifest, chunks: ChunkRecord[]): LoadedIndex {
    return new LoadedIndex(manifest, chunks, VectorMatrix.empty(manifest.embedder.dimensions), null, false);
  }

  /** The same rows under a manifest that differs only in what it records of the corpus files. */
  withManifest(manifest: Manifest): LoadedIndex {
    return new LoadedIndex(manifest, this.chunks, this.matrix, this.buildDir, this.hasVectors, this.sparse);
  }

  /** The same index with its sparse postings. */
  withSparse(sparse: SparsePostings): LoadedIndex {
    return new LoadedIndex(this.manifest, this.chunks, this.matrix, this.buildDir, this.hasVectors, sparse);
  }

  /** Chunk i's vector as floats (from its int8 codes). */
  vector(i: number): Float32Array {
    return this.matrix.row(i);
  }

  /** Every vector as row-major floats (a new array: for float stores and benchmarks). */
  get vectors(): Float32Array {
    return this.matrix.toRows();
  }

  /** Cosine top-k (vectors are normalised, so a dot product) over the int8 vectors, best first; equal scores keep index order. */
  nearest(query: ArrayLike<number>, k: number, accept?: (i: number) => boolean): { index: number; score: number }[] {
    if (!this.hasVectors) throw new Error('this index keeps its vectors in the database; search there');
    return this.matrix.nearest(query, k, accept);
  }

  /** nearest() over these chunk positions only (ascending), scored exactly: for a search limited to a few letters. */
  nearestAmong(query: ArrayLike<number>, k: number, rows: Int32Array): { index: number; score: number }[] {
    if (!this.hasVectors) throw new Error('this index keeps its vectors in the database; search there');
    return this.matrix.nearestAmong(query, k, rows);
  }
}

import type { ChunkLayout } from './chunk-layout.js';
import type { ChunkRecord } from './chunk-record.js';
import type { Manifest } from './manifest.js';
import type { SparsePostings } from './sparse-postings.js';
import { VectorMatrix } from './vector-matrix.js';

/**
 * An index held in memory: chunk records, their vectors (int8, see VectorMatrix) and, when the
 * build has them, BM25 postings. A database's index may hold only its layout (where each letter's
 * chunks sit): the records are read per letter when a request needs them (Library.loadTexts).
 */
export class LoadedIndex {
  readonly dimensions: number;
  readonly matrix: VectorMatrix;
  private readonly records: ChunkRecord[] | null;

  constructor(
    readonly manifest: Manifest,
    /** Every chunk record, by position; null: only the layout is known (a database's index). */
    chunks: ChunkRecord[] | null,
    /** Row i is chunks[i]'s L2-normalised vector: int8 already, or row-major floats (quantized here). */
    vectors: VectorMatrix | Float32Array,
    readonly buildDir: string | null,
    /** False when the vectors live in a database (the Postgres store) and search runs there. */
    readonly hasVectors = true,
    /** The build's sparse index (postings, lengths, term statistics), so a start need not analyse any text; null: build it from the texts. */
    readonly sparse: SparsePostings | null = null,
    /** Where each letter's chunks sit (a database's index: positions without the records); null: only the records say. */
    readonly layout: ChunkLayout | null = null,
  ) {
    this.dimensions = manifest.embedder.dimensions;
    this.matrix = vectors instanceof VectorMatrix ? vectors : VectorMatrix.quantize(vectors, this.dimensions);
    this.records = chunks;
    if (!chunks && !layout) throw new Error('an index needs its chunk records or their layout');
    if (chunks && layout && layout.total !== chunks.length) throw new Error(`the index holds ${chunks.length} chunk records but its layout ${layout.total}`);
    if (hasVectors && (!chunks || this.matrix.count !== chunks.length || this.matrix.dimensions !== this.dimensions)) throw new Error('vector matrix does not match chunk count');
  }

  /** The manifest and where every chunk sits, with (null: without) the chunk records; the vectors stay in the database that searches them. */
  static withoutVectors(manifest: Manifest, chunks: ChunkRecord[] | null, layout: ChunkLayout): LoadedIndex {
    return new LoadedIndex(manifest, chunks, VectorMatrix.empty(manifest.embedder.dimensions), null, false, null, layout);
  }

  /** Whether every chunk record is in memory (`chunks`); otherwise only the layout is, and the Library reads records per letter. */
  get hasChunkRecords(): boolean {
    return this.records !== null;
  }

  /** Every chunk record, by position. Only for an index that holds them (hasChunkRecords): a database's index is read per letter. */
  get chunks(): ChunkRecord[] {
    if (!this.records) throw new Error("this index's chunk records stay in the database: read them per letter (Library.loadTexts, Library.chunk)");
    return this.records;
  }

  /** Chunks in the index, whether or not their records are in memory. */
  get chunkCount(): number {
    return this.records ? this.records.length : (this.layout as ChunkLayout).total;
  }

  /** The same rows under a manifest that differs only in what it records of the corpus files. */
  withManifest(manifest: Manifest): LoadedIndex {
    return new LoadedIndex(manifest, this.records, this.matrix, this.buildDir, this.hasVectors, this.sparse, this.layout);
  }

  /** The same index with its sparse postings. */
  withSparse(sparse: SparsePostings): LoadedIndex {
    return new LoadedIndex(this.manifest, this.records, this.matrix, this.buildDir, this.hasVectors, sparse, this.layout);
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

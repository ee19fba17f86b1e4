import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeSynced } from './binary-store.js';
import { segmentFile } from './segment-files.js';
import { SparsePostings } from './sparse-postings.js';

/** The sparse index's file in a build directory (one per segment), beside whichever VectorStore's files. */
export const SPARSE_FILE = 'sparse.bin';

export async function writeSparse(buildDir: string, sparse: SparsePostings, segment = ''): Promise<void> {
  await writeSynced(path.join(buildDir, segmentFile(segment, SPARSE_FILE)), sparse.encode());
}

export async function readSparse(buildDir: string, count: number, segment = ''): Promise<SparsePostings> {
  return SparsePostings.decode(await readFile(path.join(buildDir, segmentFile(segment, SPARSE_FILE))), count);
}

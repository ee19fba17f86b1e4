import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeSynced } from './binary-store.js';
import { SparsePostings } from './sparse-postings.js';

/** The sparse index's file in a build directory, beside whichever VectorStore's files. */
const SPARSE_FILE = 'sparse.bin';

export async function writeSparse(buildDir: string, sparse: SparsePostings): Promise<void> {
  await writeSynced(path.join(buildDir, SPARSE_FILE), sparse.encode());
}

export async function readSparse(buildDir: string, count: number): Promise<SparsePostings> {
  return SparsePostings.decode(await readFile(path.join(buildDir, SPARSE_FILE)), count);
}

import { DEFAULT_CHUNK_OPTIONS } from '../chunk/chunk.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import type { Embedder } from '../embed/embedder.js';
import { HashingEmbedder } from '../embed/hashing-embedder.js';
import { embedLetters } from '../store/embed-letters.js';
import { Library } from '../store/library.js';
import { prepareWordVectors } from '../text/semantics/word-vector-cache.js';
import { type Snapshot, snapshotOf } from './snapshot.js';

/** A corpus folder indexed in memory with the built-in embedder: for eval, scripts and tests (index/ untouched). */
export async function openSnapshotInMemory(corpusDir: string, embedder: Embedder = new HashingEmbedder()): Promise<Snapshot> {
  const [corpus] = await Promise.all([loadCorpus(corpusDir), prepareWordVectors()]);
  const index = await embedLetters(corpus.letters, embedder, DEFAULT_CHUNK_OPTIONS);
  return snapshotOf(new Library(corpus.letters, index, corpus.problems), embedder);
}

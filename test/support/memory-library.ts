import path from 'node:path';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import type { PromptPassage } from '../../src/llm/prompt.js';
import { type Snapshot, snapshotOf } from '../../src/serving/snapshot.js';
import { embedLetters } from '../../src/store/build-index.js';
import type { ChunkRecord } from '../../src/store/chunk-record.js';
import { Library } from '../../src/store/library.js';

export const FIXTURES = path.join(import.meta.dirname, '../fixtures/llm-injection-letter');
export const INJECTION_LETTER = 'exampleshire-2021-03-03';

export interface TestLibrary {
  snapshot: Snapshot;
  library: Library;
  embedder: Embedder;
}

/** The seed letters (read-only) plus the fixture letters, indexed in memory. */
export async function openTestLibrary(embedder: Embedder = new HashingEmbedder(256)): Promise<TestLibrary> {
  const [seeds, fixtures] = await Promise.all([loadCorpus('corpus'), loadCorpus(FIXTURES)]);
  const letters = [...seeds.letters, ...fixtures.letters];
  const snapshot = snapshotOf(new Library(letters, await embedLetters(letters, embedder, DEFAULT_CHUNK_OPTIONS)), embedder);
  return { snapshot, library: snapshot.library, embedder };
}

/** Chunks as the prompt receives them after retrieval: numbered [1]..[k], each hit as the Retriever gives it (score 1). */
export function promptPassages(t: TestLibrary, chunks: readonly ChunkRecord[]): PromptPassage[] {
  return chunks.map((chunk, i) => ({
    n: i + 1,
    visitNumber: t.library.letter(chunk.letterId)?.visitNumber ?? null,
    hit: t.snapshot.retriever.toHit({ index: i, chunk, score: 1, sparse: 0, dense: 0 }),
  }));
}

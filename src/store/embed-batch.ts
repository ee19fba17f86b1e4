import type { Chunk, ChunkOptions } from '../chunk/chunk.js';
import { chunkLetter } from '../chunk/chunk-letter.js';
import { HashingEmbedder } from '../embed/hashing-embedder.js';
import { indexTermsOf } from '../text/analyze.js';

/**
 * Passages embedded by the built-in embedder: their vectors, row-major, exactly as embed() would
 * return them (float64, so a build is the same on any thread), and each passage's index terms as
 * ids into the batch's own vocabulary, so a term crosses between threads once per batch.
 */
export interface EmbeddedBatch {
  vectors: Float64Array;
  vocabulary: string[];
  termIds: Uint32Array;
  /** Passage i's terms are termIds[termEnds[i - 1] (0 for the first), termEnds[i]). */
  termEnds: Uint32Array;
}

/** The built-in embedder itself (not a wrapper or subclass, whose embed() may do something else): it can run on any thread. */
export function builtinEmbedder(embedder: object): HashingEmbedder | null {
  return embedder instanceof HashingEmbedder && embedder.constructor === HashingEmbedder ? embedder : null;
}

export function chunkTexts(texts: readonly string[], options: ChunkOptions): Chunk[][] {
  return texts.map((t) => chunkLetter(t, options).chunks);
}

/** Vectors and index terms of passages, each analysed once (embed() and indexTerms() would analyse it twice). */
export function embedBatch(embedder: HashingEmbedder, passages: readonly string[]): EmbeddedBatch {
  const d = embedder.dimensions;
  const vectors = new Float64Array(passages.length * d);
  const vocabulary: string[] = [];
  const idOf = new Map<string, number>();
  const ids: number[] = [];
  const termEnds = new Uint32Array(passages.length);
  passages.forEach((p, i) => {
    for (const term of indexTermsOf(embedder.passageInto(p, vectors, i * d))) {
      let id = idOf.get(term);
      if (id === undefined) {
        id = vocabulary.push(term) - 1;
        idOf.set(term, id);
      }
      ids.push(id);
    }
    termEnds[i] = ids.length;
  });
  return { vectors, vocabulary, termIds: Uint32Array.from(ids), termEnds };
}

/** Passage i's index terms, in the order indexTerms gives them. */
export function termsOf(batch: EmbeddedBatch, i: number): string[] {
  const from = i === 0 ? 0 : (batch.termEnds[i - 1] as number);
  const to = batch.termEnds[i] as number;
  const out: string[] = new Array(to - from);
  for (let k = from; k < to; k++) out[k - from] = batch.vocabulary[batch.termIds[k] as number] as string;
  return out;
}

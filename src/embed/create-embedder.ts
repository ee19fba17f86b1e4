import type { Embedder } from './embedder.js';
import { HashingEmbedder } from './hashing-embedder.js';

export interface EmbedderConfig {
  embeddingModel?: string | undefined;
  openaiApiKey?: string | undefined;
  builtinDimensions: number;
}

/** The one place an embedder is chosen. */
export function createEmbedder(config: EmbedderConfig): Embedder {
  if (config.embeddingModel && config.openaiApiKey) {
    throw new Error('EMBEDDING_MODEL is set but OpenAI embeddings are not available yet; unset it to use the built-in embedder');
  }
  return new HashingEmbedder(config.builtinDimensions);
}

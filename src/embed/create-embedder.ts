import { errorMessage } from '../base/error-message.js';
import { createOpenAIClient } from '../openai/openai-client.js';
import type { Embedder } from './embedder.js';
import { HashingEmbedder } from './hashing-embedder.js';
import { OpenAIEmbedder } from './openai-embedder.js';

export interface EmbedderConfig {
  embeddingModel?: string | undefined;
  openaiApiKey?: string | undefined;
  openaiBaseUrl?: string | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  builtinDimensions: number;
}

/**
 * The one place an embedder is chosen: the endpoint's EMBEDDING_MODEL when it is set (and there
 * is an endpoint), else the built-in one. Async because a remote model's dimensions are asked for.
 */
export async function createEmbedder(config: EmbedderConfig): Promise<Embedder> {
  if (config.embeddingModel) {
    if (!config.openaiApiKey && !config.openaiBaseUrl) {
      throw new Error('EMBEDDING_MODEL is set but neither OPENAI_API_KEY nor OPENAI_BASE_URL is: unset it to use the built-in embedder');
    }
    const client = createOpenAIClient({
      apiKey: config.openaiApiKey,
      baseURL: config.openaiBaseUrl,
      timeoutMs: config.timeoutMs ?? 30_000,
      maxRetries: config.maxRetries ?? 1,
    });
    try {
      return await OpenAIEmbedder.create(client, config.embeddingModel);
    } catch (err) {
      throw new Error(`embedding model "${config.embeddingModel}" is not usable: ${errorMessage(err)}`);
    }
  }
  return new HashingEmbedder(config.builtinDimensions);
}

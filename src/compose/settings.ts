import type { ChunkOptions } from '../chunk/chunk.js';
import type { EmbedderConfig } from '../embed/create-embedder.js';
import { parseOrigins } from '../server/middleware/cors.js';
import type { HttpPolicy } from '../server/middleware/http-policy.js';
import { hostName, isLoopbackHost, LOOPBACK_HOSTS, parseHosts } from '../server/middleware/request-origin.js';
import type { Env } from './config.js';

/** How paragraphs are split, from CHUNK_MAX_TOKENS and CHUNK_MIN_WORDS. */
export function chunkOptionsFrom(config: Env): ChunkOptions {
  return { maxTokens: config.CHUNK_MAX_TOKENS, minWords: config.CHUNK_MIN_WORDS };
}

/** How the server guards itself, from BODY_LIMIT_BYTES, CORS_ORIGINS, RATE_LIMIT_* and REQUEST_TIMEOUT_MS. */
export function httpPolicyFrom(config: Env): HttpPolicy {
  return {
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    corsOrigins: parseOrigins(config.CORS_ORIGINS),
    allowedHosts: allowedHostsFrom(config),
    rateLimit: { perMinute: config.RATE_LIMIT_PER_MINUTE, burst: config.RATE_LIMIT_BURST },
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
  };
}

/**
 * The Host names the server answers to: ALLOWED_HOSTS ("*" for any) beside the bound address
 * and the loopback names. Unset on a loopback bind: the loopback names only (DNS rebinding
 * stops there). Unset on a public bind: any, since only the operator knows the public name.
 */
export function allowedHostsFrom(config: Pick<Env, 'HOST' | 'ALLOWED_HOSTS'>): string[] | null {
  const listed = parseHosts(config.ALLOWED_HOSTS);
  if (listed.includes('*')) return null;
  const bound = hostName(config.HOST);
  if (listed.length === 0 && !isLoopbackHost(config.HOST)) return null;
  return [...new Set([...LOOPBACK_HOSTS, bound, ...listed])];
}

/** The embedder the configuration asks for: EMBEDDING_MODEL at the OpenAI-compatible endpoint, else the built-in one. */
export function embedderConfig(config: Env): EmbedderConfig {
  return {
    embeddingModel: config.EMBEDDING_MODEL,
    openaiApiKey: config.OPENAI_API_KEY,
    openaiBaseUrl: config.OPENAI_BASE_URL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxRetries: config.LLM_MAX_RETRIES,
    builtinDimensions: config.EMBEDDING_DIMENSIONS,
  };
}

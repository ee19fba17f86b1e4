import os from 'node:os';
import type { ChunkOptions } from '../chunk/chunk.js';
import type { EmbedderConfig } from '../embed/create-embedder.js';
import type { IngestLimits } from '../ingest/ingest-limits.js';
import { parseOrigins } from '../server/middleware/cors.js';
import type { HttpPolicy } from '../server/middleware/http-policy.js';
import { hostName, isLoopbackHost, LOOPBACK_HOSTS, parseHosts } from '../server/middleware/request-origin.js';
import type { Parallelism } from '../store/embed-letters.js';
import type { Env } from './config.js';

/** Index threads by default: one per core, up to this many (the build's other work stays on the main thread). */
const MAX_DEFAULT_INDEX_THREADS = 4;

/** How paragraphs are split, from CHUNK_MAX_TOKENS and CHUNK_MIN_WORDS. */
export function chunkOptionsFrom(config: Env): ChunkOptions {
  return { maxTokens: config.CHUNK_MAX_TOKENS, minWords: config.CHUNK_MIN_WORDS };
}

/** How many threads a build chunks and embeds on with the built-in embedder, from INDEX_THREADS (1: on the main thread). */
export function parallelismFrom(config: Pick<Env, 'INDEX_THREADS'>): Parallelism {
  return { threads: config.INDEX_THREADS ?? Math.min(os.availableParallelism(), MAX_DEFAULT_INDEX_THREADS) };
}

/** What reading one source file may cost, from INGEST_MAX_PAGES, INGEST_MAX_TEXT_BYTES, INGEST_TIMEOUT_MS, INGEST_MAX_MEMORY_MB. */
export function ingestLimitsFrom(config: Env): IngestLimits {
  return { maxPages: config.INGEST_MAX_PAGES, maxTextBytes: config.INGEST_MAX_TEXT_BYTES, timeoutMs: config.INGEST_TIMEOUT_MS, maxMemoryMb: config.INGEST_MAX_MEMORY_MB };
}

/** How the server guards itself, from BODY_LIMIT_BYTES, CORS_ORIGINS, RATE_LIMIT_* and REQUEST_TIMEOUT_MS. */
export function httpPolicyFrom(config: Env): HttpPolicy {
  return {
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    corsOrigins: parseOrigins(config.CORS_ORIGINS),
    allowedHosts: allowedHostsFrom(config),
    rateLimits: rateLimitsFrom(config),
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

type Limit = { perMinute: number; burst: number };

/**
 * Per-client limits by bind when not set. On loopback the clients are the user's own page and
 * scripts: offline reads cost milliseconds, so 100/s with a burst of 1,000
 * (a script asking questions one after another never meets it); model-backed answers keep a limit, since each one spends the model budget. On a
 * public bind, limits for strangers.
 */
export const DEFAULT_RATE_LIMITS: Record<'loopback' | 'public', Record<'reads' | 'model' | 'uploads', Limit>> = {
  loopback: { reads: { perMinute: 6000, burst: 1000 }, model: { perMinute: 60, burst: 20 }, uploads: { perMinute: 120, burst: 30 } },
  public: { reads: { perMinute: 120, burst: 30 }, model: { perMinute: 20, burst: 5 }, uploads: { perMinute: 10, burst: 5 } },
};

export function rateLimitsFrom(config: Env): HttpPolicy['rateLimits'] {
  const defaults = DEFAULT_RATE_LIMITS[isLoopbackHost(config.HOST) ? 'loopback' : 'public'];
  const pick = (def: Limit, perMinute: number | undefined, burst: number | undefined): Limit => ({ perMinute: perMinute ?? def.perMinute, burst: burst ?? def.burst });
  return {
    reads: pick(defaults.reads, config.RATE_LIMIT_PER_MINUTE, config.RATE_LIMIT_BURST),
    model: pick(defaults.model, config.MODEL_RATE_LIMIT_PER_MINUTE, config.MODEL_RATE_LIMIT_BURST),
    uploads: pick(defaults.uploads, config.UPLOAD_RATE_LIMIT_PER_MINUTE, config.UPLOAD_RATE_LIMIT_BURST),
  };
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

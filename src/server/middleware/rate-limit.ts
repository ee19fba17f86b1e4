import type { Context, MiddlewareHandler } from 'hono';
import { clientKey } from './client-key.js';
import { TokenBuckets } from './token-buckets.js';

export interface RateLimitOptions {
  /** Sustained requests per minute per client; 0 turns the limit off. */
  perMinute: number;
  burst: number;
  keyOf?: (c: Context) => string;
  now?: () => number;
}

/**
 * Per-client token bucket. Over the limit → 429 with Retry-After (whole seconds) and the usual
 * JSON error. One middleware instance is one budget: mount the same instance on several routes
 * to share a client's budget between them.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  if (options.perMinute <= 0) return async (_c, next) => next();
  const buckets = new TokenBuckets({ perMinute: options.perMinute, burst: options.burst, ...(options.now ? { now: options.now } : {}) });
  const keyOf = options.keyOf ?? clientKey;
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const waitMs = buckets.take(keyOf(c));
    if (waitMs === 0) return next();
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return c.json(
      { error: { code: 'rate_limited', message: `too many requests; try again in ${seconds} s` } },
      429,
      { 'Retry-After': String(seconds) },
    );
  };
}

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

/** Builds the 429 response; Retry-After is added to whatever it returns. */
export type Refusal = (c: Context, message: string) => Response;

export const jsonRefusal: Refusal = (c, message) => c.json({ error: { code: 'rate_limited', message } }, 429);

/**
 * Per-client token buckets. Over the limit → 429 with Retry-After (whole seconds). One limiter is
 * one budget: its middlewares, mounted on several routes, all draw on the same buckets.
 */
export function rateLimiter(options: RateLimitOptions): (refuse?: Refusal) => MiddlewareHandler {
  if (options.perMinute <= 0) return () => async (_c, next) => next();
  const buckets = new TokenBuckets({ perMinute: options.perMinute, burst: options.burst, ...(options.now ? { now: options.now } : {}) });
  const keyOf = options.keyOf ?? clientKey;
  return (refuse = jsonRefusal) =>
    async (c, next) => {
      if (c.req.method === 'OPTIONS') return next();
      const waitMs = buckets.take(keyOf(c));
      if (waitMs === 0) return next();
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      const res = refuse(c, `too many requests; try again in ${seconds} s`);
      res.headers.set('Retry-After', String(seconds));
      return res;
    };
}

/** A single middleware with its own budget. */
export function rateLimit(options: RateLimitOptions, refuse?: Refusal): MiddlewareHandler {
  return rateLimiter(options)(refuse);
}

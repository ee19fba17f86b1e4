import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../app-error.js';

/**
 * Answers 504 when a handler has not produced its response within ms. A streamed response
 * (SSE) is produced at once and goes on afterwards, so streams are never cut by this; they end
 * when the answer is done or the client goes away. The late handler's work is not cancelled
 * here: model calls carry their own timeout (LLM_TIMEOUT_MS).
 */
export function requestTimeout(ms: number): MiddlewareHandler {
  return async (c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const expiry = new AbortController();
    deadlines.set(c.req.raw, expiry.signal);
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expiry.abort();
        reject(new AppError(504, 'timeout', `the request took longer than ${ms} ms`));
      }, ms);
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}

const deadlines = new WeakMap<Request, AbortSignal>();

/**
 * Aborted once nobody waits for the answer: the client went away, or the request timed out
 * (504 sent). A handler that changes state checks it before each write, so a request given up
 * on leaves nothing half done.
 */
export function requestAbandoned(c: Context): AbortSignal {
  const deadline = deadlines.get(c.req.raw);
  return deadline ? AbortSignal.any([c.req.raw.signal, deadline]) : c.req.raw.signal;
}

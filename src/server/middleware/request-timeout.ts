import type { MiddlewareHandler } from 'hono';
import { AppError } from '../app-error.js';

/**
 * Answers 504 when a handler has not produced its response within ms. A streamed response
 * (SSE) is produced at once and goes on afterwards, so streams are never cut by this; they end
 * when the answer is done or the client goes away. The late handler's work is not cancelled
 * here: model calls carry their own timeout (LLM_TIMEOUT_MS).
 */
export function requestTimeout(ms: number): MiddlewareHandler {
  return async (_c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError(504, 'timeout', `the request took longer than ${ms} ms`)), ms);
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}

import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../app-error.js';

/**
 * Refuses request bodies over maxBytes with a 413 JSON error, before any route reads them.
 * A declared Content-Length is checked from the header alone (Node's parser never delivers more
 * than it declares); only a body of unknown length (chunked) is counted as it streams, by
 * hono/body-limit. Not touching the body otherwise keeps @hono/node-server on its fast path:
 * reading `.body` builds a full web Request per request, which cost 10% of the CPU and most of
 * the garbage under load.
 */
export function limitBodySize(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => new AppError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`);
  const streamed = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(declared) > maxBytes) throw tooLarge();
      return next();
    }
    return streamed(c, next);
  };
}

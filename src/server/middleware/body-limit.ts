import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../errors.js';

/** Refuses request bodies over maxBytes (declared or streamed) with a 413 JSON error, before any route reads them. */
export function limitBodySize(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`);
    },
  });
}

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { TextUnavailableError } from '../corpus/letter-texts.js';
import { AppError } from './app-error.js';
import { databaseError } from './database-errors.js';

/** Every error response, everywhere: {"error":{"code","message"}}. Never a stack trace. */
export function errorResponse(err: Error, c: Context): Response {
  const db = databaseError(err);
  if (db) return c.json({ error: { code: db.code, message: db.message } }, db.status);
  if (err instanceof AppError) return c.json({ error: { code: err.code, message: err.message } }, err.status);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : status < 500 ? 'bad_request' : 'internal';
    return c.json({ error: { code, message: err.message || 'request refused' } }, status);
  }
  // A letter file edited or removed since it was indexed: the reindex the watcher starts fixes it.
  if (err instanceof TextUnavailableError) return c.json({ error: { code: 'not_ready', message: `${err.message}; try again once the index is rebuilt` } }, 503);
  console.error('unhandled error:', err);
  return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
}

/**
 * What a stream that has already sent its headers says when it fails: the code and message the
 * same error would have had as a response (a database down, a letter text not to be had), else internal.
 */
export function streamErrorBody(err: unknown): { code: string; message: string } {
  const db = databaseError(err);
  if (db) return { code: db.code, message: db.message };
  if (err instanceof TextUnavailableError) return { code: 'not_ready', message: `${err.message}; try again once the index is rebuilt` };
  return { code: 'internal', message: 'the answer could not be completed' };
}

export function notFoundResponse(c: Context): Response {
  return c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
}

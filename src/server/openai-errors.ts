import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from './app-error.js';
import { databaseError } from './database-errors.js';

/** The OpenAI error shape, for clients of /v1/*: {"error":{"message","type","param","code"}}. */
export function openAIError(c: Context, status: ContentfulStatusCode, message: string, code: string | null, param: string | null = null): Response {
  const type = status === 401 ? 'authentication_error' : status === 404 ? 'not_found_error' : status < 500 ? 'invalid_request_error' : 'server_error';
  return c.json({ error: { message, type, param, code } }, status);
}

export function openAIErrorResponse(err: Error, c: Context): Response {
  const db = databaseError(err);
  if (db) return openAIError(c, db.status, db.message, db.code);
  if (err instanceof AppError) {
    const field = err.code === 'bad_request' ? (/^([\w.]+):/.exec(err.message)?.[1] ?? null) : null;
    return openAIError(c, err.status, err.message, err.code, field);
  }
  if (err instanceof HTTPException) return openAIError(c, err.status as ContentfulStatusCode, err.message || 'request refused', null);
  console.error('unhandled error on /v1:', err);
  return openAIError(c, 500, 'internal error', 'internal');
}

export function openAINotFound(c: Context): Response {
  return openAIError(c, 404, `no route for ${c.req.method} ${c.req.path}`, 'not_found');
}

import type { Context } from 'hono';
import type { z } from 'zod';
import type { Library } from '../store/library.js';
import { AppError, badRequest } from './app-error.js';

/** Parses a value with a zod schema; a failure is a 400 that names the field. */
export function parseWith<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'body';
  throw badRequest(`${field}: ${issue?.message ?? 'invalid'}`);
}

/** The request's JSON body: 415 unless it says it is JSON, 400 if it does not parse. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError(415, 'unsupported_media_type', 'send the body as JSON with Content-Type: application/json');
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('body: malformed JSON');
  }
}

/** Unknown letter ids in a filter are a mistake worth telling, not an empty result. */
export function checkLetterIds(library: Library, ids: string[] | undefined, field = 'letterIds'): void {
  const unknown = (ids ?? []).filter((id) => !library.info(id));
  if (unknown.length) throw badRequest(`${field}: unknown letter id ${unknown.map((u) => `"${u}"`).join(', ')}`);
}

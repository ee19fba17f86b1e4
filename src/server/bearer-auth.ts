import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Requires "Authorization: Bearer <token>". Both sides are hashed first so the comparison is
 * constant-time whatever the lengths. `refuse` writes the 401 in the caller's error shape.
 */
export function requireBearer(token: string, refuse: (c: Context, message: string) => Response): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      c.header('WWW-Authenticate', 'Bearer');
      return refuse(c, given === undefined ? 'missing "Authorization: Bearer <API_TOKEN>" header' : 'invalid API token');
    }
    await next();
  };
}

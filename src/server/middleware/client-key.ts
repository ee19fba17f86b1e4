import type { Context } from 'hono';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * Who is asking, for per-client limits: the peer address of the connection. Forwarded-for
 * headers are ignored on purpose: the server listens on loopback by default, and behind a
 * proxy a client could otherwise pick a fresh identity per request.
 */
export function clientKey(c: Context): string {
  const env = c.env as NodeBindings | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

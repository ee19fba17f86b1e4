import type { Context, MiddlewareHandler } from 'hono';
import { openAIError } from '../openai-errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Host names a loopback-bound server answers to. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h.endsWith('.localhost');
}

/** "a.example, B.example:8080" → ['a.example', 'b.example'] (ports do not matter); unset → []. */
export function parseHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => hostName(s.trim()))
    .filter(Boolean);
}

/** The host name of a Host header or URL authority, lower-cased, without the port; IPv6 keeps its brackets. */
export function hostName(authority: string): string {
  const a = authority.toLowerCase();
  if (a.startsWith('[')) return a.slice(0, a.indexOf(']') + 1);
  // A bare IPv6 address (in HOST or ALLOWED_HOSTS): no port to take off.
  if (a.indexOf(':') !== a.lastIndexOf(':')) return `[${a}]`;
  return a.replace(/:\d*$/, '');
}

const refusal = (c: Context, status: 403 | 421, code: string, message: string): Response =>
  c.req.path.startsWith('/v1/') ? openAIError(c, status, message, code) : c.json({ error: { code, message } }, status);

/** The Host the request was sent to: the header (Node always has one), or the URL's (app.request in tests). */
function requestHost(c: Context): string {
  return c.req.header('host') ?? new URL(c.req.url).host;
}

/**
 * Refuses a request whose Host is not one this server answers to (421): a DNS-rebinding page
 * reaches 127.0.0.1 under its own name (evil.example), and must not read /api/* there.
 * `allowed` null: any Host (a public bind where the operator did not list names).
 */
export function checkHost(allowed: string[] | null): MiddlewareHandler {
  if (allowed === null || allowed.includes('*')) return async (_c, next) => next();
  const names = new Set(allowed);
  return async (c, next) => {
    const host = hostName(requestHost(c));
    if (names.has(host)) return next();
    return refusal(c, 421, 'misdirected_request', `this server does not answer to the host "${host.slice(0, 100)}"; add it to ALLOWED_HOSTS if it should`);
  };
}

/**
 * Cross-site request forgery: a page on another origin can POST a form or a no-cors fetch to
 * this server without a preflight, so every state-changing request (POST, PUT, PATCH, DELETE)
 * from a browser must come from our own origin or one listed in CORS_ORIGINS. Requests with no
 * Origin and no Sec-Fetch-Site (curl, scripts, the openai client) are not from a browser page and pass.
 */
export function checkOrigin(corsOrigins: string[]): MiddlewareHandler {
  const any = corsOrigins.includes('*');
  const listed = new Set(corsOrigins.map((o) => o.toLowerCase()));
  return async (c, next) => {
    if (any || SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      if (listed.has(origin.toLowerCase()) || sameOrigin(origin, requestHost(c))) return next();
      return refusal(c, 403, 'cross_origin', `a page on ${origin.slice(0, 100)} may not make this request; add its origin to CORS_ORIGINS if it should`);
    }
    if (c.req.header('sec-fetch-site') === 'cross-site') return refusal(c, 403, 'cross_origin', 'a page on another site may not make this request');
    return next();
  };
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === new URL(`http://${host}`).host;
  } catch {
    // "null" (sandboxed frames, file://) and anything unparsable.
    return false;
  }
}

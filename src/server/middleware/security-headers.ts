import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The one Content-Security-Policy, for the page and the API alike: only our own scripts, styles
 * and connections, no inline script, no plugins, no framing by other sites. Letter text reaches
 * the page as data, so even a letter full of <script> has nothing it is allowed to run.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameSrc: ["'self'"],
  frameAncestors: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/** Security headers on every response, errors and 404s included. */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    // Served over plain http on localhost: HSTS would only confuse other local services.
    strictTransportSecurity: false,
    referrerPolicy: 'same-origin',
  });
}

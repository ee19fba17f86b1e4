import type { Hono } from 'hono';
import { openAIError } from '../openai-errors.js';
import { limitBodySize } from './body-limit.js';
import { corsFor } from './cors.js';
import { rateLimiter } from './rate-limit.js';
import { checkHost, checkOrigin } from './request-origin.js';
import { requestTimeout } from './request-timeout.js';
import { securityHeaders } from './security-headers.js';

/** How the server guards itself; createApp applies it before any route. */
export interface HttpPolicy {
  bodyLimitBytes: number;
  /** Origins allowed to call /api/* and /v1/* from a browser; [] keeps CORS off. */
  corsOrigins: string[];
  /** Host names requests may be addressed to (ports ignored); null: any (checkHost). */
  allowedHosts: string[] | null;
  /** Per client, shared by /api/answer, /api/search and /v1/*; perMinute 0 turns it off. */
  rateLimit: { perMinute: number; burst: number };
  requestTimeoutMs: number;
}

/** Routes that take bigger bodies and enforce their own limit: chat histories (1 MB), letter uploads (INGEST_MAX_BYTES). */
const OWN_BODY_LIMIT = new Set(['/v1/chat/completions', '/api/letters']);

export function applyHttpPolicy(app: Hono, policy: HttpPolicy): void {
  app.use('*', securityHeaders());
  app.use('*', checkHost(policy.allowedHosts));
  const cors = corsFor(policy.corsOrigins);
  app.use('/api/*', cors);
  app.use('/v1/*', cors);
  app.use('*', checkOrigin(policy.corsOrigins));
  const bodyLimit = limitBodySize(policy.bodyLimitBytes);
  app.use('*', (c, next) => (c.req.method === 'POST' && OWN_BODY_LIMIT.has(c.req.path) ? next() : bodyLimit(c, next)));
  app.use('*', requestTimeout(policy.requestTimeoutMs));
  const limiter = rateLimiter(policy.rateLimit);
  // '/x/*' also matches '/x' itself, so each request meets the limiter once.
  app.use('/api/answer/*', limiter());
  app.use('/api/search/*', limiter());
  app.use(
    '/v1/*',
    limiter((c, message) => openAIError(c, 429, message, 'rate_limited')),
  );
}

import type { Context, Hono, MiddlewareHandler } from 'hono';
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
  /**
   * Per-client token buckets; perMinute 0 turns one off. reads: every /api/* and /v1/* read
   * (answers too when offline); model: answers a model writes; uploads: POST /api/letters and
   * POST /api/reindex. /healthz, the pages and their assets are constant work and not limited.
   */
  rateLimits: Record<'reads' | 'model' | 'uploads', { perMinute: number; burst: number }>;
  requestTimeoutMs: number;
}

/** Routes that take bigger bodies and enforce their own limit: chat histories (1 MB), letter uploads (INGEST_MAX_BYTES). */
const OWN_BODY_LIMIT = new Set(['/v1/chat/completions', '/api/letters']);

/** Middleware for one method only; the others pass. */
const onlyFor =
  (method: string, mw: MiddlewareHandler): MiddlewareHandler =>
  (c, next) =>
    c.req.method === method ? mw(c, next) : next();

/** `modelAnswers`: answers are written by a model, so they draw on the model bucket. */
export function applyHttpPolicy(app: Hono, policy: HttpPolicy, modelAnswers = false): void {
  app.use('*', securityHeaders());
  app.use('*', checkHost(policy.allowedHosts));
  const cors = corsFor(policy.corsOrigins);
  app.use('/api/*', cors);
  app.use('/v1/*', cors);
  app.use('*', checkOrigin(policy.corsOrigins));
  const bodyLimit = limitBodySize(policy.bodyLimitBytes);
  app.use('*', (c, next) => (c.req.method === 'POST' && OWN_BODY_LIMIT.has(c.req.path) ? next() : bodyLimit(c, next)));
  app.use('*', requestTimeout(policy.requestTimeoutMs));
  const v1Refusal = (c: Context, message: string) => openAIError(c, 429, message, 'rate_limited');
  const reads = rateLimiter(policy.rateLimits.reads);
  const model = rateLimiter(policy.rateLimits.model);
  const uploads = rateLimiter(policy.rateLimits.uploads);
  // '/x/*' also matches '/x' itself, so each request meets its limiter once.
  app.use('/api/answer/*', modelAnswers ? model() : reads());
  app.use('/v1/chat/completions', modelAnswers ? model(v1Refusal) : reads(v1Refusal));
  const readsV1 = reads(v1Refusal);
  app.use('/v1/*', (c, next) => (c.req.path === '/v1/chat/completions' ? next() : readsV1(c, next)));
  for (const path of ['/api/search/*', '/api/timeline/*', '/api/verify/*']) app.use(path, reads());
  app.use('/api/letters/*', onlyFor('GET', reads()));
  app.use('/api/letters', onlyFor('POST', uploads()));
  app.use('/api/reindex', onlyFor('POST', uploads()));
}

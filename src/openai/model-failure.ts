import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, RateLimitError } from 'openai';

export type FailureKind = 'timeout' | 'stalled' | 'connection' | 'rate_limited' | 'server_error' | 'refused' | 'bad_reply';

/**
 * Why a model answer was given up. The message becomes the answer's degraded.reason, so it is
 * written for the user and never echoes the endpoint's own error text (which can quote a key).
 */
export class ModelFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'ModelFailure';
  }

  /** Whether the endpoint is unusable right now, so a second call in the same request would only wait again. */
  get endpointDown(): boolean {
    return this.kind === 'timeout' || this.kind === 'stalled' || this.kind === 'connection' || this.kind === 'rate_limited';
  }
}

export function isAbort(err: unknown): boolean {
  return err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError');
}

/** Maps whatever a model call threw onto a ModelFailure. */
export function toModelFailure(err: unknown, timeoutMs: number): ModelFailure {
  if (err instanceof ModelFailure) return err;
  if (err instanceof APIConnectionTimeoutError) return new ModelFailure('timeout', `the model did not answer within ${timeoutMs} ms`);
  if (err instanceof APIConnectionError) return new ModelFailure('connection', 'the model endpoint could not be reached');
  if (err instanceof RateLimitError) return new ModelFailure('rate_limited', 'the model endpoint is rate-limiting requests (HTTP 429)');
  if (err instanceof APIError && typeof err.status === 'number') {
    if (err.status >= 500) return new ModelFailure('server_error', `the model endpoint failed (HTTP ${err.status})`);
    return new ModelFailure('refused', `the model endpoint refused the request (HTTP ${err.status})`);
  }
  // An APIError without a status is an error event inside a stream; anything else is an unreadable reply.
  if (err instanceof APIError) return new ModelFailure('server_error', 'the model endpoint reported an error mid-answer');
  return new ModelFailure('bad_reply', 'the model reply could not be read');
}

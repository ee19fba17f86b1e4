export type ErrorCode =
  | 'bad_request'
  | 'not_found'
  | 'unauthorized'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'not_ready'
  | 'timeout'
  | 'database_unavailable'
  | 'internal';

/** An error meant for the caller: carries the HTTP status and a stable code. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 413 | 415 | 429 | 500 | 503 | 504,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (message: string) => new AppError(404, 'not_found', message);
export const badRequest = (message: string) => new AppError(400, 'bad_request', message);

/** A corpus file that cannot be loaded; names the file so the user can fix it. */
export class CorpusFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'CorpusFileError';
  }
}

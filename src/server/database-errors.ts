import { DatabaseUnavailableError, isConnectionError } from '../store/pg/db.js';
import { AppError } from './app-error.js';

/** 57014: the statement ran past DATABASE_STATEMENT_TIMEOUT_MS and Postgres cancelled it. */
const QUERY_CANCELED = '57014';

/** A database that is down, restarting or too slow, as the 503 the caller sees; null for any other error. */
export function databaseError(err: unknown): AppError | null {
  const code = (err as { code?: unknown } | null)?.code;
  const timedOut = code === QUERY_CANCELED || (err instanceof Error && /Query read timeout/i.test(err.message));
  if (!(err instanceof DatabaseUnavailableError) && !isConnectionError(err) && !timedOut) return null;
  return new AppError(503, 'database_unavailable', timedOut ? 'the database did not answer in time; try again shortly' : 'the database is unavailable; try again shortly');
}

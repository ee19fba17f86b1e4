/** The little of a Postgres client the store needs, so the same code runs on pg.Pool and on PGlite. */
export interface Queryable {
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<{ rows: T[] }>;
}

export interface QueryOptions {
  /**
   * Maintenance (a rebuild, an index build, VACUUM, a migration) whose caller has lifted the
   * server's statement timeout: the client does not give up waiting on it either.
   */
  unbounded?: boolean;
}

export interface Conn extends Queryable {
  /** Runs fn inside BEGIN … COMMIT (ROLLBACK when it throws). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export interface Db extends Conn {
  /** Runs fn on one connection held for its whole duration (session-level advisory locks live there). */
  session<T>(fn: (conn: Conn) => Promise<T>): Promise<T>;
  /**
   * LISTENs on a channel for as long as the returned stop is not called: onMessage gets each
   * payload; onConnect runs each time the listening connection is (re)established, so a caller
   * catches up on what it missed while disconnected.
   */
  listen(channel: string, onMessage: (payload: string) => void, onConnect: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The database could not be reached (down, restarting, unreachable), even after one retry on a fresh connection. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * Errors that mean the connection, not the statement, failed: refused or reset sockets, a server
 * shutting down or starting up (SQLSTATE class 08, 57P01-57P03), a connection that timed out.
 */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[1-3]$/.test(code))) return true;
  if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  return /Connection terminated|connection timeout|terminating connection|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
    err.message,
  );
}

/**
 * Errors that mean the server did not answer in time at all (hung, or unreachable without a
 * refusal): the client gave up waiting for a result or for a connection. Not worth a retry: the
 * time they took is the whole budget.
 */
export function isTimeoutError(err: unknown): boolean {
  return err instanceof Error && /Query read timeout|timeout exceeded when trying to connect|Connection terminated due to connection timeout|timeout expired/i.test(err.message);
}

/**
 * Holds a session-level advisory lock on one connection while fn runs: one indexer per database
 * at a time. Polled with pg_try_advisory_lock, so a long wait is bounded by timeoutMs rather than
 * cut by the statement timeout.
 */
export async function withAdvisoryLock<T>(db: Db, key: number, fn: (conn: Conn) => Promise<T>, timeoutMs = 300_000): Promise<T> {
  // The work runs on the locking connection itself, so a pool of one cannot deadlock on it.
  return db.session(async (conn) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await conn.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key])).rows[0]?.locked) {
      if (Date.now() > deadline) throw new Error(`another process has held the Postgres index lock for over ${Math.round(timeoutMs / 1000)} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    let lost = false;
    try {
      return await fn(conn);
    } catch (err) {
      // The connection is gone or hung: the lock goes with it, and an unlock would only wait.
      lost = isConnectionError(err) || isTimeoutError(err);
      throw err;
    } finally {
      if (!lost) await conn.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  });
}

/** Advisory lock keys (one 64-bit namespace per database; these are ours). */
export const LOCK_KEYS = { migrate: 0x6c657401, index: 0x6c657402 } as const;

import pg from 'pg';
import { type Conn, DatabaseUnavailableError, type Db, isConnectionError, isTimeoutError, type Queryable } from './db.js';

export interface PoolSettings {
  url: string;
  poolSize: number;
  /** No statement runs longer, and no connection attempt waits longer, than this. */
  statementTimeoutMs: number;
  /** url: as the URL's sslmode says; off: no TLS; require: TLS without checking the certificate; verify: TLS with a verified certificate. */
  ssl: 'url' | 'off' | 'require' | 'verify';
  /** Where connection trouble is reported (console.warn unless given). */
  warn?: (message: string) => void;
}

/** How long a LISTEN connection waits before it tries again after losing the server. */
const RELISTEN_MS = 250;
/**
 * Past the statement timeout (which the server enforces, answering 57014), how long the client
 * waits for a server that does not answer at all: a query or transaction, its one retry included,
 * is given up this long after the statement timeout.
 */
export const UNANSWERED_GRACE_MS = 500;
/** A retry with less time left than this is not tried: the caller hears at once that the database is unavailable. */
const MIN_RETRY_MS = 100;

/** A Db over a pg.Pool: a managed or self-hosted Postgres with pgvector. */
export function createPoolDb(settings: PoolSettings): Db {
  const warn = settings.warn ?? ((m: string) => console.warn(m));
  const clientConfig: pg.ClientConfig = {
    connectionString: settings.url,
    statement_timeout: settings.statementTimeoutMs,
    // The server's timeout covers statements; these cover a server that does not answer at all.
    query_timeout: settings.statementTimeoutMs + UNANSWERED_GRACE_MS,
    connectionTimeoutMillis: settings.statementTimeoutMs,
    ...(settings.ssl === 'url' ? {} : { ssl: settings.ssl === 'off' ? false : { rejectUnauthorized: settings.ssl === 'verify' } }),
  };
  const pool = new pg.Pool({ ...clientConfig, max: settings.poolSize });
  // An idle client's error (server restart, network) must not crash the process; the next query reconnects.
  pool.on('error', (err) => warn(`postgres pool: ${err.message}`));
  return poolDb(pool, { clientConfig, warn });
}

/**
 * A query or transaction that fails because the connection did (Postgres restarted: every pooled
 * connection is dead) runs once more on a fresh connection of its own, within what is left of the
 * budget (statement timeout + UNANSWERED_GRACE_MS, counted from the first attempt), so neither the
 * wait nor the retry outlasts it; a second failure, a server that does not answer in time, or no
 * time left is DatabaseUnavailableError. A transaction that failed so never committed, so running
 * it again is safe. Sessions (the indexer's lock holder) are not retried: their caller decides.
 */
export function poolDb(pool: pg.Pool, options: { clientConfig?: pg.ClientConfig; warn?: (message: string) => void } = {}): Db {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const config = options.clientConfig ?? poolClientConfig(pool);
  const budgetMs = (typeof config.statement_timeout === 'number' ? config.statement_timeout : 30_000) + UNANSWERED_GRACE_MS;
  const onClient = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await fn(client);
    } catch (err) {
      if (unusable(err)) broken = err as Error;
      throw err;
    } finally {
      // A client whose connection failed (or still waits on a query) is dropped, not handed to the next caller.
      client.release(broken);
    }
  };
  /** A connection of its own, not one the pool may still hold from before the server restarted. */
  const onFreshClient = async <T>(ms: number, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ ...config, connectionTimeoutMillis: Math.ceil(ms), query_timeout: Math.ceil(ms) });
    client.on('error', () => {});
    try {
      await client.connect();
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  };
  return {
    query: (sql, params) =>
      retryOnce(
        budgetMs,
        () => pool.query(sql, params) as never,
        (ms) => onFreshClient(ms, (c) => c.query(sql, params) as never),
      ),
    transaction: (fn) =>
      retryOnce(
        budgetMs,
        () => onClient((c) => inTransaction(queryable(c), fn)),
        (ms) => onFreshClient(ms, (c) => inTransaction(queryable(c), fn)),
      ),
    session: (fn) => onClient((c) => fn(conn(c))),
    listen: (channel, onMessage, onConnect) => listenOn(config, channel, onMessage, onConnect, warn),
    close: () => pool.end(),
  };
}

/** An error after which the connection cannot be used again: it failed, or a query on it is still unanswered. */
function unusable(err: unknown): boolean {
  return isConnectionError(err) || isTimeoutError(err);
}

async function retryOnce<T>(budgetMs: number, run: () => Promise<T>, again: (ms: number) => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } catch (err) {
    if (isTimeoutError(err)) throw new DatabaseUnavailableError(err);
    if (!isConnectionError(err)) throw err;
    const left = budgetMs - (performance.now() - started);
    if (left < MIN_RETRY_MS) throw new DatabaseUnavailableError(err);
    try {
      return await again(left);
    } catch (retryErr) {
      throw unusable(retryErr) ? new DatabaseUnavailableError(retryErr) : retryErr;
    }
  }
}

function poolClientConfig(pool: pg.Pool): pg.ClientConfig {
  // pg keeps the pool's settings on .options; a Client takes the same ones.
  return (pool as unknown as { options: pg.ClientConfig }).options;
}

/** One connection of its own LISTENing, connected again (and onConnect run again) whenever it drops. */
async function listenOn(config: pg.ClientConfig, channel: string, onMessage: (payload: string) => void, onConnect: () => void, warn: (message: string) => void) {
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let lastError = '';
  const retry = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, RELISTEN_MS);
    timer.unref();
  };
  const connect = async () => {
    const c = new pg.Client(config);
    client = c;
    c.on('error', () => {});
    c.on('end', () => {
      if (client === c) client = null;
      retry();
    });
    c.on('notification', (n) => {
      if (n.channel === channel) onMessage(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (lastError) warn(`postgres: listening on ${channel} again`);
      lastError = '';
      onConnect();
    } catch (err) {
      const message = (err as Error).message;
      if (message !== lastError) warn(`postgres: cannot listen on ${channel} (${message}); retrying`);
      lastError = message;
      await c.end().catch(() => {});
      retry();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await client?.end().catch(() => {});
  };
}

/** setTimeout's longest delay (about 24 days): pg reads a query_timeout of 0 as "the connection's". */
const NO_READ_TIMEOUT_MS = 2 ** 31 - 1;

// pg's row type is a looser object type than ours; the rows are the same. pg reads query_timeout
// from a query's config, though its types do not list it.
const queryable = (c: pg.ClientBase): Queryable => ({
  query: async (sql, params, options) =>
    (options?.unbounded ? c.query({ text: sql, values: params, query_timeout: NO_READ_TIMEOUT_MS } as pg.QueryConfig) : c.query(sql, params)) as never,
});
const conn = (c: pg.PoolClient): Conn => ({ ...queryable(c), transaction: (fn) => inTransaction(queryable(c), fn) });

async function inTransaction<T>(c: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  await c.query('BEGIN');
  try {
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    // A dead or hung connection cannot roll back (the ROLLBACK would wait behind the unanswered
    // query); the server discards the transaction when the connection goes.
    if (!unusable(err)) await c.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

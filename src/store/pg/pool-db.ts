import pg from 'pg';
import { type Conn, DatabaseUnavailableError, type Db, isConnectionError, type Queryable } from './db.js';

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

/** A Db over a pg.Pool: a managed or self-hosted Postgres with pgvector. */
export function createPoolDb(settings: PoolSettings): Db {
  const warn = settings.warn ?? ((m: string) => console.warn(m));
  const clientConfig: pg.ClientConfig = {
    connectionString: settings.url,
    statement_timeout: settings.statementTimeoutMs,
    // The server's timeout covers statements; these cover a server that does not answer at all.
    query_timeout: settings.statementTimeoutMs + 1000,
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
 * connection is dead) runs once more on a fresh one; a second failure is DatabaseUnavailableError.
 * A transaction that failed so never committed, so running it again is safe. Sessions (the
 * indexer's lock holder) are not retried: their caller decides.
 */
export function poolDb(pool: pg.Pool, options: { clientConfig?: pg.ClientConfig; warn?: (message: string) => void } = {}): Db {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const onClient = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await fn(client);
    } catch (err) {
      if (isConnectionError(err)) broken = err as Error;
      throw err;
    } finally {
      // A client whose connection failed is dropped, not handed to the next caller.
      client.release(broken);
    }
  };
  return {
    query: (sql, params) => retryOnce(() => pool.query(sql, params) as never),
    transaction: (fn) => retryOnce(() => onClient((c) => inTransaction(queryable(c), fn))),
    session: (fn) => onClient((c) => fn(conn(c))),
    listen: (channel, onMessage, onConnect) => listenOn(options.clientConfig ?? poolClientConfig(pool), channel, onMessage, onConnect, warn),
    close: () => pool.end(),
  };
}

async function retryOnce<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isConnectionError(err)) throw err;
  }
  try {
    return await run();
  } catch (err) {
    throw isConnectionError(err) ? new DatabaseUnavailableError(err) : err;
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

// pg's row type is a looser object type than ours; the rows are the same.
const queryable = (c: pg.PoolClient): Queryable => ({ query: async (sql, params) => c.query(sql, params) as never });
const conn = (c: pg.PoolClient): Conn => ({ ...queryable(c), transaction: (fn) => inTransaction(queryable(c), fn) });

async function inTransaction<T>(c: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  await c.query('BEGIN');
  try {
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    // A dead connection cannot roll back; the server discards the transaction itself.
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

import pg from 'pg';
import type { Conn, Db, Queryable } from './db.js';

export interface PoolSettings {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  /** url: as the URL's sslmode says; off: no TLS; require: TLS without checking the certificate; verify: TLS with a verified certificate. */
  ssl: 'url' | 'off' | 'require' | 'verify';
}

/** A Db over a pg.Pool: a managed or self-hosted Postgres with pgvector. */
export function createPoolDb(settings: PoolSettings): Db {
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.poolSize,
    statement_timeout: settings.statementTimeoutMs,
    ...(settings.ssl === 'url' ? {} : { ssl: settings.ssl === 'off' ? false : { rejectUnauthorized: settings.ssl === 'verify' } }),
  });
  // An idle client's error (server restart, network) must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.warn(`postgres pool: ${err.message}`));
  return poolDb(pool);
}

export function poolDb(pool: pg.Pool): Db {
  const onClient = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  };
  return {
    query: async (sql, params) => pool.query(sql, params) as never,
    transaction: (fn) => onClient((c) => inTransaction(queryable(c), fn)),
    session: (fn) => onClient((c) => fn(conn(c))),
    close: () => pool.end(),
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
    await c.query('ROLLBACK');
    throw err;
  }
}

import type { Db } from '../store/pg/db.js';
import { createPoolDb } from '../store/pg/pool-db.js';
import type { Env } from './config.js';

/** A pool for DATABASE_URL, or null without it. Whoever opens it ends it (Db.close) when done. */
export function openDatabase(config: Env): Db | null {
  const url = config.DATABASE_URL;
  if (!url) return null;
  return createPoolDb({ url, poolSize: config.DATABASE_POOL_SIZE, statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS, ssl: config.DATABASE_SSL });
}

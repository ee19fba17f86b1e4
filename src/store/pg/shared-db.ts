import type { Env } from '../../compose/config.js';
import type { Db } from './db.js';
import { createPoolDb } from './pool-db.js';

let shared: { url: string; db: Db } | null = null;

/** The process's one pool for DATABASE_URL (every reindex reuses it), or null without DATABASE_URL. */
export function sharedDb(config: Env): Db | null {
  const url = config.DATABASE_URL;
  if (!url) return null;
  if (shared?.url !== url) {
    shared = {
      url,
      db: createPoolDb({ url, poolSize: config.DATABASE_POOL_SIZE, statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS, ssl: config.DATABASE_SSL }),
    };
  }
  return shared.db;
}

/** Ends the pool, so a CLI can exit. */
export async function closeSharedDb(): Promise<void> {
  const s = shared;
  shared = null;
  await s?.db.close();
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, type Db, withAdvisoryLock } from '../../../src/store/pg/db.js';
import { createPoolDb, UNANSWERED_GRACE_MS } from '../../../src/store/pg/pool-db.js';
import { type PgServer, postgresOrSkip, startPgServer } from '../../support/pg-server.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';

/**
 * The pool against a real PostgreSQL: a statement whose connection dies (as on a restart) runs
 * again once on a fresh connection; a server that stops answering is given up within the statement
 * timeout and its grace, retry included.
 */
const TIMEOUT_MS = 1000;
const enabled = postgresOrSkip('the Postgres connection-loss tests');

describe.skipIf(!enabled)('the Postgres pool when connections die or stall', { timeout: 60_000 }, () => {
  let pg: PgServer;
  let proxy: TcpProxy;
  let admin: Db;
  const open = (url: string) => createPoolDb({ url, poolSize: 2, statementTimeoutMs: TIMEOUT_MS, ssl: 'off', warn: () => {} });

  beforeAll(async () => {
    pg = await startPgServer();
    proxy = await startTcpProxy(pg.url);
    admin = open(pg.url);
    await admin.query('CREATE TABLE IF NOT EXISTS writes (tag text)');
  }, 120_000);
  afterAll(async () => {
    await admin?.close().catch(() => {});
    await proxy?.close();
    await pg?.destroy();
  });

  /** Terminates, `times` times, the backend running a statement that contains `tag` (as a restart cuts it). */
  const cut = async (tag: string, times: number) => {
    let done = 0;
    const deadline = Date.now() + 20_000;
    while (done < times && Date.now() < deadline) {
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE query LIKE $1 AND query NOT LIKE '%pg_stat_activity%' AND pid <> pg_backend_pid()`,
        [`%${tag}%`],
      );
      for (const r of rows) {
        await admin.query('SELECT pg_terminate_backend($1)', [r.pid]);
        done++;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return done;
  };

  it('a query cut mid-way is run again on a fresh connection and answers', async () => {
    const db = open(pg.url);
    try {
      const answer = db.query<{ tag: string }>(`SELECT 'probe-one' AS tag FROM pg_sleep(0.5)`);
      expect(await cut('probe-one', 1)).toBe(1);
      expect((await answer).rows).toEqual([{ tag: 'probe-one' }]);
    } finally {
      await db.close();
    }
  });

  it('a transaction cut before it commits runs again once, and its write lands once', async () => {
    const db = open(pg.url);
    try {
      const written = db.transaction(async (tx) => {
        await tx.query(`INSERT INTO writes (tag) VALUES ('once')`);
        await tx.query(`SELECT pg_sleep(0.5), 'probe-two'`);
        return 'committed';
      });
      expect(await cut('probe-two', 1)).toBe(1);
      expect(await written).toBe('committed');
      expect((await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM writes WHERE tag = 'once'`)).rows[0]?.n).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('cut twice, the caller hears that the database is unavailable', async () => {
    const db = open(pg.url);
    try {
      const answer = db.query(`SELECT 'probe-three' AS tag FROM pg_sleep(0.5)`);
      const failed = expect(answer).rejects.toBeInstanceOf(DatabaseUnavailableError);
      expect(await cut('probe-three', 2)).toBe(2);
      await failed;
    } finally {
      await db.close();
    }
  });

  it('maintenance marked unbounded outlasts the statement timeout on both sides; anything else is cut at it', async () => {
    const db = open(pg.url);
    try {
      const slow = `SELECT pg_sleep(${(TIMEOUT_MS + UNANSWERED_GRACE_MS + 300) / 1000}) AS slept`;
      const long = await db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('statement_timeout', '0', true)`);
        return (await tx.query(slow, undefined, { unbounded: true })).rows.length;
      });
      expect(long).toBe(1);
      await expect(db.query(slow)).rejects.toThrow(/statement timeout|unavailable/);
    } finally {
      await db.close();
    }
  });

  it('a server that stops answering is given up within the statement timeout and its grace: queries, transactions and the lock holder', async () => {
    const db = open(proxy.url);
    try {
      // Connections made and idle in the pool before the stall, as in a server that has been serving.
      await Promise.all([db.query('SELECT 1'), db.query('SELECT 2')]);
      proxy.hang();
      const bound = TIMEOUT_MS + UNANSWERED_GRACE_MS + 1000;
      const timed = async (run: () => Promise<unknown>) => {
        const started = performance.now();
        await expect(run()).rejects.toBeInstanceOf(DatabaseUnavailableError);
        return performance.now() - started;
      };
      expect(await timed(() => db.query('SELECT 1'))).toBeLessThan(bound);
      expect(await timed(() => db.transaction((tx) => tx.query('SELECT 1')))).toBeLessThan(bound);
      // A new connection through the stalled link: the connection timeout, no retry after it.
      expect(await timed(() => db.query('SELECT 3'))).toBeLessThan(bound);
      const started = performance.now();
      await expect(withAdvisoryLock(db, 42, (conn) => conn.query('SELECT 1'))).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(bound);
    } finally {
      proxy.restore();
      await db.close().catch(() => {});
    }
    const again = open(proxy.url);
    try {
      expect((await again.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await again.close();
    }
  });
});

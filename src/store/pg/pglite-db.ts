import type { PGlite } from '@electric-sql/pglite';
import type { Conn, Db } from './db.js';

/**
 * A Db over PGlite (Postgres compiled to WebAssembly, in-process): tests and benchmarks. PGlite
 * has one session, so session() also queues callers in-process: two indexers in one process wait
 * for each other as two processes wait on the advisory lock.
 */
export function pgliteDb(pglite: PGlite): Db {
  let queue: Promise<unknown> = Promise.resolve();
  const conn: Conn = {
    query: async (sql, params) => pglite.query(sql, params),
    transaction: (fn) => pglite.transaction((tx) => fn({ query: async (sql, params) => tx.query(sql, params) })),
  };
  return {
    ...conn,
    session: (fn) => {
      const run = queue.then(() => fn(conn));
      queue = run.catch(() => undefined);
      return run;
    },
    listen: async (channel, onMessage, onConnect) => {
      const stop = await pglite.listen(channel, onMessage);
      onConnect();
      return stop;
    },
    close: () => pglite.close(),
  };
}

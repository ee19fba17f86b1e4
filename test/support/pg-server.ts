import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, '.ci/postgres');
const PG_BIN = '/usr/lib/postgresql/15/bin';

/** Whether this machine has PostgreSQL 15 with pgvector (`bash .ci/postgres install` puts them there). */
export function hasPostgres(): boolean {
  return existsSync(path.join(PG_BIN, 'initdb')) && existsSync('/usr/share/postgresql/15/extension/vector.control');
}

/**
 * Says why the real-server tests are skipped, outside CI; in CI (CI=true, where .ci/run installs
 * PostgreSQL and pgvector) a missing server is a failure, not a skip.
 */
export function postgresOrSkip(what: string): boolean {
  if (hasPostgres()) return true;
  if (process.env.CI === 'true') throw new Error(`${what}: PostgreSQL 15 with pgvector is not installed (bash .ci/postgres install)`);
  console.warn(`[letters-assistant] PostgreSQL 15 with pgvector not installed: skipping ${what} (bash .ci/postgres install)`);
  return false;
}

/** A throwaway PostgreSQL cluster of its own (.ci/postgres), on a loopback port that stays the same across stop and start. */
export interface PgServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

export async function startPgServer(): Promise<PgServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'letters-pg-'));
  // The server runs as the postgres user when the tests run as root: it must reach the folder.
  await chmod(dir, 0o755);
  const cluster = path.join(dir, 'cluster');
  const script = async (command: string) => (await run('bash', [SCRIPT, command, cluster], { timeout: 120_000 })).stdout.trim();
  const url = await script('start');
  let running = true;
  return {
    url,
    stop: async () => {
      await script('stop');
      running = false;
    },
    start: async () => {
      await script('start');
      running = true;
    },
    destroy: async () => {
      if (running) await script('stop').catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

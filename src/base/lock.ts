import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';

export interface LockOptions {
  /** Give up waiting after this long. */
  timeoutMs: number;
  /** A lock older than this, or held by a process that is gone, is taken over. */
  staleMs: number;
  pollMs?: number;
}

export class LockTimeoutError extends Error {
  constructor(readonly lockPath: string) {
    super(`timed out waiting for ${lockPath}; if no other build is running, delete it`);
    this.name = 'LockTimeoutError';
  }
}

/** An exclusive lock file (O_EXCL create) with stale-lock recovery. Resolves to a release function. */
export async function acquireLock(lockPath: string, options: LockOptions): Promise<() => Promise<void>> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
      await handle.close();
      return async () => {
        await rm(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await isStale(lockPath, options.staleMs)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(lockPath);
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
}

/** A holder writes its pid right after creating the file: one still without it this long after was killed in between. */
const UNWRITTEN_GRACE_MS = 5_000;

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  try {
    const [content, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const age = Date.now() - info.mtimeMs;
    if (age > staleMs) return true;
    const holder = parseHolder(content);
    if (!holder) return age > UNWRITTEN_GRACE_MS;
    if (holder.host !== hostname()) return false;
    return !isAlive(holder.pid);
  } catch {
    // Vanished: the retry takes it.
    return false;
  }
}

function parseHolder(content: string): { pid: number; host: string } | null {
  try {
    const holder = JSON.parse(content) as { pid?: unknown; host?: unknown };
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? { pid: holder.pid, host: holder.host } : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

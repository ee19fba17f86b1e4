import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fsyncPath, isAtomicTemp, writeAtomic } from '../base/atomic-write.js';

/**
 * The on-disk layout of index/:
 *   CURRENT               name of the live build, replaced atomically (write temp, rename)
 *   builds/<name>/        a complete build: the VectorStore's files and our manifest.json
 *   .staging-<name>/      a build in progress; never read, removed when found stale
 *   .lock                 held while building
 */
export class IndexFiles {
  constructor(readonly root: string) {}

  get lockPath(): string {
    return path.join(this.root, '.lock');
  }

  buildPath(name: string): string {
    return path.join(this.root, 'builds', name);
  }

  async currentBuildName(): Promise<string | null> {
    try {
      const name = (await readFile(path.join(this.root, 'CURRENT'), 'utf8')).trim();
      return /^[a-z0-9-]+$/.test(name) ? name : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async newStagingDir(): Promise<{ dir: string; name: string }> {
    const name = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const dir = path.join(this.root, `.staging-${name}`);
    await mkdir(dir, { recursive: true });
    return { dir, name };
  }

  /** Moves a finished staging dir into builds/ and points CURRENT at it. */
  async publish(stagingDir: string, name: string): Promise<string> {
    await mkdir(path.join(this.root, 'builds'), { recursive: true });
    const target = this.buildPath(name);
    await rename(stagingDir, target);
    await fsyncPath(path.join(this.root, 'builds'));
    await writeAtomic(path.join(this.root, 'CURRENT'), `${name}\n`);
    return target;
  }

  /** Removes staging leftovers and every build but the current one. Call only under the lock. */
  async removeStale(): Promise<void> {
    const current = await this.currentBuildName();
    const top = await readdir(this.root).catch(() => [] as string[]);
    await Promise.all(
      top.filter((f) => f.startsWith('.staging-') || f.startsWith('CURRENT.tmp') || isAtomicTemp(f)).map((f) => rm(path.join(this.root, f), { recursive: true, force: true })),
    );
    const builds = await readdir(path.join(this.root, 'builds')).catch(() => [] as string[]);
    await Promise.all(builds.filter((b) => b !== current).map((b) => rm(this.buildPath(b), { recursive: true, force: true })));
  }
}

import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

// A dot-name ending in .tmp: never a letter to loadCorpus, ignored by the corpus watcher.
const TEMP_NAME = /^\..+\.\d+-[0-9a-f]{6}\.tmp$/;

/** Whether a file name is one of writeAtomic's temp files (left behind only by a killed writer). */
export function isAtomicTemp(name: string): boolean {
  return TEMP_NAME.test(name);
}

/**
 * Writes a file so that readers see either the old content or the whole new content: a temp
 * file in the same folder, flushed, then renamed over the target and the folder flushed.
 */
export async function writeAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(3).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(tmp, file);
  await fsyncPath(path.dirname(file));
}

/** Flushes a file or directory to disk so a rename that follows survives a power cut. */
export async function fsyncPath(p: string): Promise<void> {
  const handle = await open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes temp files a killed writer left behind in dir. Call only while holding the lock of whatever writes there. */
export async function removeStaleTemps(dir: string): Promise<number> {
  const stale = (await readdir(dir)).filter(isAtomicTemp);
  await Promise.all(stale.map((f) => rm(path.join(dir, f), { force: true })));
  return stale.length;
}

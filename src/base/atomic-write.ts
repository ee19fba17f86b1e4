import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fsyncPath } from '../store/index-files.js';

// A dot-name ending in .tmp: never a letter to loadCorpus, ignored by the corpus watcher.
const TEMP_NAME = /^\..+\.\d+-[0-9a-f]{6}\.tmp$/;

/**
 * Writes a file so that readers see either the old content or the whole new content: a temp
 * file in the same folder, flushed, then renamed over the target.
 */
export async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(3).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(content, 'utf8');
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

/** Removes temp files a killed writer left behind. Call only while holding the ingest lock. */
export async function removeStaleTemps(dir: string): Promise<number> {
  const stale = (await readdir(dir)).filter((f) => TEMP_NAME.test(f));
  await Promise.all(stale.map((f) => rm(path.join(dir, f), { force: true })));
  return stale.length;
}

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Bytes of all files under dir (what the index costs on disk). */
export async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? await directoryBytes(p) : (await stat(p)).size;
  }
  return total;
}

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { LETTER_EXTENSIONS } from '../corpus/load-corpus.js';

/**
 * The corpus folder's letter files by name, size and modification time: two equal stamps mean no
 * letter was added, changed or removed in between. Cheap (one stat a file), so the file watcher
 * can tell an event for files a reindex has already read (an upload's own writes) from a change.
 */
export async function corpusStamp(dir: string): Promise<string> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    return `unreadable:${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  const letters = names.filter((n) => !n.startsWith('.') && LETTER_EXTENSIONS.includes(path.extname(n).toLowerCase())).sort();
  const parts = await Promise.all(
    letters.map(async (n) => {
      const s = await stat(path.join(dir, n)).catch(() => null);
      return s ? `${n}:${s.size}:${s.mtimeMs}` : `${n}:gone`;
    }),
  );
  return parts.join('\n');
}

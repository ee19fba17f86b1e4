import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import { LETTER_EXTENSIONS } from '../corpus/load-corpus.js';

export interface CorpusWatcher {
  close(): void;
}

/**
 * Calls onChange once things settle after a letter file in the corpus folder is added, changed,
 * renamed or removed. Dot-files (temp files, .sources.json, the lock) are not letters and are
 * ignored. Does not keep the process alive.
 */
export function watchCorpus(dir: string, onChange: () => void, options: { debounceMs?: number; log?: (m: string) => void } = {}): CorpusWatcher {
  const debounceMs = options.debounceMs ?? 300;
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  const fire = () => {
    timer = null;
    onChange();
  };
  try {
    watcher = watch(dir, { persistent: false }, (_event, filename) => {
      const name = filename?.toString();
      if (name && (name.startsWith('.') || !LETTER_EXTENSIONS.includes(path.extname(name).toLowerCase()))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, debounceMs);
      timer.unref();
    });
    watcher.on('error', (err) => {
      options.log?.(`stopped watching ${dir}: ${err.message}`);
      watcher?.close();
    });
  } catch (err) {
    options.log?.(`cannot watch ${dir} (${(err as Error).message}); use POST /api/reindex after adding letters`);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}

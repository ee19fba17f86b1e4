import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { removeStaleTemps, writeAtomic } from '../base/atomic-write.js';
import { acquireLock } from '../base/lock.js';
import { LETTER_EXTENSIONS, letterIdFromFile } from '../corpus/load-corpus.js';
import { readSources, type SourceEntry, writeSources } from './sources-file.js';

export type StoreStatus = 'added' | 'replaced' | 'unchanged' | 'duplicate';

export interface StoreResult {
  status: StoreStatus;
  /** The corpus file that holds the text (for a duplicate: the one that already did). */
  file: string;
  duplicateOf?: string;
}

export type Provenance = Omit<SourceEntry, 'file' | 'sha256' | 'ingestedAt'>;

/** Where ingested letters are kept: corpus/ (CorpusStore) or the database (DbLetterStore). */
export interface LetterStore {
  /** The stored letter still holds what this exact source gave last time, so there is nothing to do. */
  unchangedSource(id: string, sourceSha256: string, extractor: string): Promise<{ file: string; text: string; pages: number | null } | null>;
  store(id: string, ext: '.txt' | '.md', text: string, provenance: Provenance): Promise<StoreResult>;
  /** Takes a letter out; false when there was none with that id. */
  remove(id: string): Promise<boolean>;
}

const LOCK_FILE = '.ingest.lock';

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Writes letters into corpus/ one at a time under a lock file, so the CLI and an upload never
 * interleave: identical text already in the corpus is not added again, a letter with the same
 * id is replaced, and every write is a temp file renamed into place.
 */
export class CorpusStore implements LetterStore {
  private readonly hashes = new Map<string, { size: number; mtimeMs: number; sha: string }>();
  private cleaned = false;

  constructor(readonly dir: string) {}

  /** The corpus file still holds what this exact source gave last time, so there is nothing to do. */
  async unchangedSource(id: string, sourceSha256: string, extractor: string): Promise<{ file: string; text: string; pages: number | null } | null> {
    const entry = (await readSources(this.dir))[id];
    if (!entry || entry.sourceSha256 !== sourceSha256 || entry.extractor !== extractor) return null;
    try {
      const text = await readFile(path.join(this.dir, entry.file), 'utf8');
      return sha256(text) === entry.sha256 ? { file: entry.file, text, pages: entry.pages } : null;
    } catch {
      return null;
    }
  }

  async store(id: string, ext: '.txt' | '.md', text: string, provenance: Provenance): Promise<StoreResult> {
    await mkdir(this.dir, { recursive: true });
    const release = await acquireLock(path.join(this.dir, LOCK_FILE), { timeoutMs: 60_000, staleMs: 120_000 });
    try {
      if (!this.cleaned) {
        await removeStaleTemps(this.dir);
        this.cleaned = true;
      }
      const sha = sha256(text);
      const target = `${id}${ext}`;
      const files = await this.letterHashes();
      const sameId = [...files].filter(([f]) => letterIdFromFile(f) === id);
      const sources = await readSources(this.dir);
      const record = () => {
        sources[id] = { ...provenance, file: target, sha256: sha, ingestedAt: new Date().toISOString() };
      };

      if (sameId.length === 1 && sameId[0]?.[0] === target && sameId[0][1] === sha) {
        if (sources[id]?.sourceSha256 !== provenance.sourceSha256 || sources[id]?.file !== target) {
          record();
          await writeSources(this.dir, sources);
        }
        return { status: 'unchanged', file: target };
      }
      const twin = [...files].find(([f, h]) => h === sha && letterIdFromFile(f) !== id);
      if (twin) return { status: 'duplicate', file: twin[0], duplicateOf: letterIdFromFile(twin[0]) };

      await writeAtomic(path.join(this.dir, target), text);
      this.hashes.delete(target);
      // Only after the new text is in place: the same letter under another extension.
      for (const [f] of sameId) if (f !== target) await rm(path.join(this.dir, f), { force: true });
      record();
      for (const key of Object.keys(sources)) if (key !== id && !files.has(sources[key]?.file ?? '')) delete sources[key];
      await writeSources(this.dir, sources);
      return { status: sameId.length > 0 ? 'replaced' : 'added', file: target };
    } finally {
      await release();
    }
  }

  async remove(id: string): Promise<boolean> {
    await mkdir(this.dir, { recursive: true });
    const release = await acquireLock(path.join(this.dir, LOCK_FILE), { timeoutMs: 60_000, staleMs: 120_000 });
    try {
      const names = (await readdir(this.dir)).filter((f) => LETTER_EXTENSIONS.includes(path.extname(f).toLowerCase()) && letterIdFromFile(f) === id);
      for (const f of names) {
        await rm(path.join(this.dir, f), { force: true });
        this.hashes.delete(f);
      }
      const sources = await readSources(this.dir);
      if (sources[id]) {
        delete sources[id];
        await writeSources(this.dir, sources);
      }
      return names.length > 0;
    } finally {
      await release();
    }
  }

  /** sha256 of every letter file, re-reading only files whose size or mtime changed. */
  private async letterHashes(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const names = (await readdir(this.dir)).filter((f) => LETTER_EXTENSIONS.includes(path.extname(f).toLowerCase()));
    for (const name of names) {
      const full = path.join(this.dir, name);
      const info = await stat(full).catch(() => null);
      if (!info?.isFile()) continue;
      const cached = this.hashes.get(name);
      if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
        out.set(name, cached.sha);
        continue;
      }
      const sha = sha256(await readFile(full));
      this.hashes.set(name, { size: info.size, mtimeMs: info.mtimeMs, sha });
      out.set(name, sha);
    }
    return out;
  }
}

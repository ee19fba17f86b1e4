import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Letter, type LetterInfo, letterInfo } from './letter.js';
import { type CorpusProblem, letterFiles, parseLetterFile } from './load-corpus.js';

/** What identifies a file's version cheaply: its size and modification time. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** A letter as the last build saw it: its file's stamp then, and everything read from its text. */
export interface KnownLetter extends FileStamp {
  info: LetterInfo;
}

export interface KnownCorpus {
  /** By file name. */
  files: ReadonlyMap<string, KnownLetter>;
  /**
   * When those stamps were taken (ms since the epoch). A file modified within a second of it may
   * have been written again in the same clock tick without its stamp changing, so it is hashed.
   */
  stampedAt: number;
}

export interface ScannedCorpus {
  /** Every letter, without text, in the order loadCorpus gives. */
  letters: LetterInfo[];
  /** The letters whose files were read this time (new or changed), with their text. */
  read: Map<string, Letter>;
  /** Each letter's file stamp now, by letter id. */
  stamps: Map<string, FileStamp>;
  problems: CorpusProblem[];
  /** When the stamps were taken. */
  stampedAt: number;
}

const STAT_BATCH = 64;
/** How close to the last stamping a file's mtime may be and still be trusted without hashing. */
const RACY_MS = 1000;

/**
 * The corpus folder checked against what the last build knew: a file whose size and mtime are
 * those it had then is taken from `known` without being read; the others are read, hashed and
 * analysed as loadCorpus does. With nothing known, every file is read.
 */
export async function scanCorpus(dir: string, known: KnownCorpus | null = null): Promise<ScannedCorpus> {
  const stampedAt = Date.now();
  const files = await letterFiles(dir);
  const stamps = new Array<FileStamp | null>(files.length);
  for (let i = 0; i < files.length; i += STAT_BATCH) {
    const batch = files.slice(i, i + STAT_BATCH);
    const got = await Promise.all(batch.map((f) => stat(path.join(dir, f)).catch(() => null)));
    for (const [j, s] of got.entries()) stamps[i + j] = s ? { size: s.size, mtimeMs: s.mtimeMs } : null;
  }
  const letters: LetterInfo[] = [];
  const read = new Map<string, Letter>();
  const byId = new Map<string, FileStamp>();
  const problems: CorpusProblem[] = [];
  const seen = new Map<string, string>();
  for (const [i, file] of files.entries()) {
    const now = stamps[i];
    if (!now) continue; // removed since the folder was listed
    const was = known?.files.get(file);
    const trusted = was && known && was.size === now.size && was.mtimeMs === now.mtimeMs && now.mtimeMs < known.stampedAt - RACY_MS;
    let info: LetterInfo;
    let parsed: Letter | null = null;
    if (trusted) info = was.info;
    else {
      const got = parseLetterFile(file, await readFile(path.join(dir, file)));
      if ('reason' in got) {
        problems.push(got);
        continue;
      }
      parsed = got;
      info = letterInfo(got);
    }
    const clash = seen.get(info.id);
    if (clash) {
      problems.push({ file, reason: `letter id "${info.id}" is already used by ${clash}` });
      continue;
    }
    if (parsed) read.set(parsed.id, parsed);
    seen.set(info.id, file);
    byId.set(info.id, now);
    letters.push(info);
  }
  letters.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id));
  return { letters, read, stamps: byId, problems, stampedAt };
}

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { SOURCE_EXTENSIONS, sourceKind } from './source-text.js';

export interface Collected {
  /** Files to ingest, in the order given, folders expanded (sorted) and each file once. */
  files: string[];
  /** Arguments that are neither a file nor a folder. */
  missing: { path: string; reason: string }[];
  /** Files inside the folders that are not letters by their extension: listed, not read. */
  skipped: { path: string; reason: string }[];
}

/**
 * Expands the command-line paths: a file is taken whatever its extension (an unsupported one is
 * then reported), a folder is searched recursively for .pdf/.txt/.md, skipping hidden entries
 * and not following symbolic links to folders. Its other files are returned as `skipped`, so
 * the user sees that they were left out and why.
 */
export async function collectFiles(args: string[]): Promise<Collected> {
  const files: string[] = [];
  const missing: Collected['missing'] = [];
  const skipped: Collected['skipped'] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = path.resolve(f);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(f);
    }
  };
  for (const arg of args) {
    const info = await stat(arg).catch((err: NodeJS.ErrnoException) => err);
    if (info instanceof Error) missing.push({ path: arg, reason: info.code === 'ENOENT' ? 'no such file or folder' : info.message });
    else if (info.isDirectory()) (await walk(arg, skipped)).forEach(add);
    else add(arg);
  }
  // A file also named on its own is read (and its type reported), not skipped.
  return { files, missing, skipped: skipped.filter((s) => !seen.has(path.resolve(s.path))) };
}

async function walk(dir: string, skipped: Collected['skipped']): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full, skipped)));
    else if (e.isFile() && sourceKind(e.name) !== null) out.push(full);
    else if (e.isFile()) skipped.push({ path: full, reason: `not a letter file (${path.extname(e.name) || 'no extension'}); only ${SOURCE_EXTENSIONS.join(', ')} are read` });
  }
  return out;
}

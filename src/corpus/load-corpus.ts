import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Letter } from './letter.js';
import { extractMetadata } from './metadata.js';

export const LETTER_EXTENSIONS = ['.txt', '.md'];

export interface CorpusProblem {
  file: string;
  reason: string;
}

export interface Corpus {
  letters: Letter[];
  /** Files that were refused, each with the reason; the other letters still load. */
  problems: CorpusProblem[];
}

/** Stable id from a file name: `Croydon 2019-12-18.md` → `croydon-2019-12-18`. */
export function letterIdFromFile(file: string): string {
  return path
    .basename(file, path.extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// ignoreBOM keeps a BOM in the text, so offsets still index the file as stored.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A corpus file's text exactly as stored (throws on invalid UTF-8). */
export function decodeLetterBytes(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Decodes one corpus file, or says why it cannot be a letter. */
export function parseLetterFile(file: string, bytes: Buffer): Letter | CorpusProblem {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { file, reason: 'not valid UTF-8 text' };
  }
  if (text.trim() === '') return { file, reason: 'empty file' };
  if (text.includes('\u0000')) return { file, reason: 'contains NUL bytes (binary file?)' };
  const id = letterIdFromFile(file);
  if (!id) return { file, reason: 'file name gives an empty letter id' };
  const sha256 = sha256Of(bytes);
  return { id, file, text, sha256, ...extractMetadata(text) };
}

/** The letter files of a corpus folder, by name, sorted (the first of two files with one id wins). */
export async function letterFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && LETTER_EXTENSIONS.includes(path.extname(e.name).toLowerCase()))
    .map((e) => e.name)
    .sort();
}

/** Hex SHA-256 of a file's bytes: the identity of a letter's text in the index. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads and hashes every letter of the folder (see scanCorpus for the start-up path that hashes only changed files). */
export async function loadCorpus(dir: string): Promise<Corpus> {
  const files = await letterFiles(dir);
  const letters: Letter[] = [];
  const problems: CorpusProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const parsed = parseLetterFile(file, await readFile(path.join(dir, file)));
    if ('reason' in parsed) {
      problems.push(parsed);
      continue;
    }
    const clash = seen.get(parsed.id);
    if (clash) {
      problems.push({ file, reason: `letter id "${parsed.id}" is already used by ${clash}` });
      continue;
    }
    seen.set(parsed.id, file);
    letters.push(parsed);
  }
  letters.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id));
  return { letters, problems };
}

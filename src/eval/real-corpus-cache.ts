import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { acquireLock } from '../base/lock.js';
import { CHUNKER_VERSION, DEFAULT_CHUNK_OPTIONS } from '../chunk/chunk.js';
import { convertPool } from '../ingest/convert-pool.js';
import { CorpusStore } from '../ingest/corpus-store.js';
import { ingestBatch } from '../ingest/ingest-batch.js';
import { PDF_EXTRACTOR_VERSION } from '../ingest/pdf/pdf-to-text.js';

/**
 * The real Ofsted PDFs (../shared/real-letters) converted once into a corpus folder the eval and
 * its CI gate load beside the seeds. Converting 125 PDFs costs ~10 s of CPU, so the result is kept
 * under a folder named by a key of everything that decides its text: the extractor's version, the
 * code of the PDF converter and every PDF's name and hash. A changed PDF or converter gives a new
 * key, so a stale folder is never read; a folder is renamed into place only once complete, under a
 * lock, so two test workers or a killed run never leave a half-written corpus behind.
 */

const MARKER = '.complete.json';
const MAX_BYTES = 64 * 1024 * 1024;
const CONVERTER_DIRS = ['../ingest', '../ingest/pdf'];

export interface RealCorpus {
  dir: string;
  /** Whether this call converted the PDFs (false: the cached folder was reused). */
  built: boolean;
  files: number;
  ms: number;
}

/** Where cached corpora live: EVAL_CACHE_DIR, else node_modules/.cache of the working folder, else the temp folder. */
export function defaultCacheRoot(): string {
  if (process.env.EVAL_CACHE_DIR) return process.env.EVAL_CACHE_DIR;
  const nodeModules = path.resolve('node_modules');
  return path.join(existsSync(nodeModules) ? path.join(nodeModules, '.cache') : os.tmpdir(), 'letters-assistant-eval');
}

/** The folder of ingested text for every PDF in pdfDir, converting them only when no complete cached copy has the same key. */
export async function realCorpus(pdfDir: string, cacheRoot = defaultCacheRoot()): Promise<RealCorpus> {
  const started = performance.now();
  const pdfs = (await readdir(pdfDir)).filter((f) => f.toLowerCase().endsWith('.pdf')).sort();
  if (pdfs.length === 0) throw new Error(`${pdfDir} holds no PDF files`);
  const key = await cacheKey(pdfDir, pdfs);
  const dir = path.join(cacheRoot, `real-${key}`);
  const done = () => ({ dir, files: pdfs.length, ms: Math.round(performance.now() - started) });
  if (existsSync(path.join(dir, MARKER))) return { ...done(), built: false };

  await mkdir(cacheRoot, { recursive: true });
  const release = await acquireLock(path.join(cacheRoot, `real-${key}.lock`), { timeoutMs: 300_000, staleMs: 300_000 });
  try {
    if (existsSync(path.join(dir, MARKER))) return { ...done(), built: false };
    const tmp = path.join(cacheRoot, `.real-${key}.${process.pid}-${randomBytes(3).toString('hex')}.tmp`);
    await convertInto(tmp, pdfDir, pdfs);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    return { ...done(), built: true };
  } finally {
    await release();
  }
}

async function convertInto(dir: string, pdfDir: string, pdfs: string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const threads = Math.max(1, Math.min(os.availableParallelism(), 4));
  const pool = convertPool(threads);
  try {
    const items = pdfs.map((f) => {
      const file = path.join(pdfDir, f);
      return { name: file, size: 0, read: () => readFile(file) };
    });
    for (const item of items) item.size = (await stat(item.name)).size;
    const { outcomes } = await ingestBatch(items, {
      store: new CorpusStore(dir),
      chunkOptions: DEFAULT_CHUNK_OPTIONS,
      via: 'cli',
      maxBytes: MAX_BYTES,
      convert: pool.convert,
      readAhead: threads * 2,
    });
    const failed = outcomes.filter((o) => o.status === 'failed' || o.status === 'duplicate');
    if (failed.length > 0) {
      throw new Error(`real letters that did not ingest: ${failed.map((o) => `${o.name} (${o.status === 'failed' ? o.reason : o.status})`).join('; ')}`);
    }
    await writeFile(path.join(dir, MARKER), JSON.stringify({ files: pdfs.length, extractor: PDF_EXTRACTOR_VERSION, at: new Date().toISOString() }));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  } finally {
    await pool.close();
  }
}

async function cacheKey(pdfDir: string, pdfs: string[]): Promise<string> {
  const hash = createHash('sha256').update(`${PDF_EXTRACTOR_VERSION}\n${CHUNKER_VERSION}\n`);
  for (const rel of CONVERTER_DIRS) {
    const codeDir = new URL(`${rel}/`, import.meta.url);
    const names = (await readdir(codeDir)).filter((f) => /\.[jt]s$/.test(f)).sort();
    for (const name of names) hash.update(`${rel}/${name}\n`).update(await readFile(new URL(name, codeDir)));
  }
  for (const f of pdfs) hash.update(`${f}\n`).update(await readFile(path.join(pdfDir, f)));
  return hash.digest('hex').slice(0, 16);
}

import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import { errorMessage } from '../base/error-message.js';
import { loadConfig } from '../compose/config.js';
import { openDatabase } from '../compose/database.js';
import { describeEnvFile, loadEnvFile } from '../compose/env-file.js';
import { chunkOptionsFrom, embedderConfig, ingestLimitsFrom } from '../compose/settings.js';
import { createEmbedder } from '../embed/create-embedder.js';
import { collectFiles } from '../ingest/collect-files.js';
import { convertPool } from '../ingest/convert-pool.js';
import { CorpusStore, type LetterStore } from '../ingest/corpus-store.js';
import { DbLetterStore } from '../ingest/db-letter-store.js';
import { ingestBatch } from '../ingest/ingest-batch.js';
import type { IngestOutcome } from '../ingest/ingest-source.js';
import { ensurePgIndexExists } from '../store/pg/ensure-pg-index.js';
import { parseCli } from './cli-args.js';
import { ProgressBar } from './progress-bar.js';

const USAGE = `usage: npm run ingest -- [--threads N] <file or folder>...   (.pdf, .txt, .md; folders are searched recursively)
  --threads N   threads converting PDFs (default: one per core, at most 4; 0: on the main thread)`;
/** Below this many files a progress bar is more noise than help. */
const BAR_FROM = 5;
/** Conversion threads at most: PDF.js is CPU-bound, so one per core, and a few files in flight each. */
const MAX_THREADS = 4;
const AHEAD_PER_THREAD = 2;

/** `npm run ingest -- <files or folders…>`: adds letters to corpus/. Exit 1 if any file failed. */
async function main(): Promise<void> {
  const { positionals: args, values } = parseCli({ name: 'ingest', usage: USAGE, positionals: true, options: { threads: { type: 'string' } } });
  const maxThreads = values.threads === undefined ? Math.min(os.availableParallelism(), MAX_THREADS) : Number(values.threads);
  if (!Number.isInteger(maxThreads) || maxThreads < 0) {
    console.error(`ingest: --threads must be a whole number, got "${values.threads}"; --help shows the usage`);
    process.exitCode = 2;
    return;
  }
  if (args.length === 0) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const envFile = describeEnvFile(loadEnvFile());
  if (envFile) console.error(envFile);
  const config = loadConfig();
  const { files, missing, skipped } = await collectFiles(args);
  for (const m of missing) console.error(`failed     ${m.path}: ${m.reason}`);
  for (const s of skipped) console.log(`skipped    ${s.path}: ${s.reason}`);
  if (files.length === 0) {
    const found = skipped.length > 0 ? ` (${skipped.length} other file${skipped.length === 1 ? '' : 's'} skipped)` : '';
    console.error(`nothing to ingest: no .pdf, .txt or .md file in ${args.join(', ')}${found}`);
    process.exitCode = 1;
    return;
  }

  const bar = process.stderr.isTTY && files.length >= BAR_FROM ? new ProgressBar(process.stderr, files.length) : null;
  const items = await Promise.all(files.map(async (f) => ({ name: f, size: (await stat(f).catch(() => null))?.size ?? 0, read: () => readFile(f) })));
  // Threads pay off for a few PDFs or more (each thread loads PDF.js, ~0.3 s); text files are only checked.
  const pdfs = files.filter((f) => f.toLowerCase().endsWith('.pdf')).length;
  const threads = pdfs >= 3 ? Math.min(maxThreads, pdfs) : 0;
  const limits = ingestLimitsFrom(config);
  const pool = threads > 0 ? convertPool(threads, limits) : null;
  // With DATABASE_URL each letter goes into the database (and corpus/ too, when CORPUS_DIR is set).
  const db = openDatabase(config);
  let store: LetterStore = new CorpusStore(config.CORPUS_DIR);
  if (db) {
    const embedder = await createEmbedder(embedderConfig(config));
    await ensurePgIndexExists({ db, embedder, chunkOptions: chunkOptionsFrom(config), log: (m) => console.error(m) });
    store = new DbLetterStore(db, embedder, chunkOptionsFrom(config), config.CORPUS_DIR ? new CorpusStore(config.CORPUS_DIR) : null);
  }
  const ctx = {
    limits,
    store,
    chunkOptions: chunkOptionsFrom(config),
    via: 'cli' as const,
    maxBytes: config.INGEST_MAX_BYTES,
    ...(pool ? { convert: pool.convert, readAhead: threads * AHEAD_PER_THREAD } : {}),
  };
  bar?.update(0, files[0] ?? '');
  const { counts } = await ingestBatch(items, ctx, (outcome, done) => {
    bar?.clear();
    if (outcome.status === 'failed') console.error(describe(outcome));
    else console.log(describe(outcome));
    for (const w of outcome.status === 'failed' ? [] : (outcome.warnings ?? [])) console.error(`warning    ${outcome.name}: ${w}`);
    if (done < files.length) bar?.update(done, files[done] ?? '');
  }).finally(async () => {
    await pool?.close();
    await db?.close();
  });
  bar?.clear();

  const failed = counts.failed + missing.length;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `${files.length + missing.length} files in ${seconds} s: ${counts.added} added, ${counts.replaced} replaced, ${counts.unchanged} unchanged, ${counts.duplicate} duplicate, ${failed} failed${skipped.length > 0 ? `; ${skipped.length} skipped (not letter files)` : ''}`,
  );
  if (counts.added + counts.replaced > 0) {
    if (db) console.log(`written to the database${config.CORPUS_DIR ? ` and ${config.CORPUS_DIR}/` : ''}; running servers take the letters in at once`);
    else console.log(`written to ${config.CORPUS_DIR}/; a running server re-indexes by itself (or POST /api/reindex), otherwise on the next start`);
  }
  if (failed > 0) process.exitCode = 1;
}

function describe(o: IngestOutcome): string {
  if (o.status === 'failed') return `failed     ${o.name}: ${o.reason}`;
  const title = o.title ? JSON.stringify(o.title) : '(no title found)';
  const what = o.duplicateOf ? `same text as ${o.duplicateOf} (${o.file}), not added again` : `${o.paragraphs} paragraph${o.paragraphs === 1 ? '' : 's'}  ${title}`;
  return `${o.status.padEnd(10)} ${o.id}  ${o.date ?? '(no date)'}  ${what}  <- ${o.name}`;
}

// Piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

main().catch((err: unknown) => {
  console.error(`ingest failed: ${errorMessage(err)}`);
  process.exit(1);
});

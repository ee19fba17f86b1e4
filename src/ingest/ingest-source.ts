import path from 'node:path';
import type { ChunkOptions } from '../chunk/chunk.js';
import { chunkLetter } from '../chunk/chunk-letter.js';
import { letterIdFromFile, parseLetterFile } from '../corpus/load-corpus.js';
import type { Convert } from './convert-pool.js';
import { type LetterStore, type StoreStatus, sha256 } from './corpus-store.js';
import type { IngestLimits, LimitKind } from './ingest-limits.js';
import { PDF_EXTRACTOR_VERSION } from './pdf/pdf-to-text.js';
import { type SourceText, sourceKind, sourceText } from './source-text.js';

export interface Source {
  /** The original file name: gives the letter id and the kind of file. */
  name: string;
  bytes: Uint8Array;
}

export interface IngestedLetter {
  name: string;
  status: StoreStatus;
  id: string;
  /** The corpus file with the text; for a duplicate, the letter that already has it. */
  file: string;
  title: string | null;
  date: string | null;
  paragraphs: number;
  pages: number | null;
  duplicateOf?: string;
  /** Present when the file loaded with something to say about it (a damaged PDF info dictionary). */
  warnings?: string[];
}

export interface IngestFailure {
  name: string;
  status: 'failed';
  reason: string;
  /** Which of the IngestLimits the file was over, when that is why. */
  limit?: LimitKind;
}

export type IngestOutcome = IngestedLetter | IngestFailure;

export interface IngestContext {
  store: LetterStore;
  chunkOptions: ChunkOptions;
  via: 'cli' | 'upload';
  /** Larger files are refused before they are read (by ingestBatch). */
  maxBytes: number;
  /** How files become text: sourceText on this thread unless a conversion pool is given. */
  convert?: Convert;
  /** Bounds on reading one file, for sourceText on this thread (a pool has its own). */
  limits?: IngestLimits;
  /** Once aborted (the uploader gave up), nothing more is written; files not yet written fail. */
  signal?: AbortSignal;
  /** Files ingestBatch reads and converts ahead of the one it is writing (0: one at a time). */
  readAhead?: number;
}

/**
 * One file into the corpus: the letter id comes from its name, the text from the file (PDFs
 * converted), and the store decides added / replaced / unchanged / duplicate. Bad files come
 * back as `failed` with the reason; nothing is written for them.
 */
export async function ingestSource(source: Source, ctx: IngestContext): Promise<IngestOutcome> {
  return commitSource(await prepareSource(source, ctx), ctx);
}

/** A source read and converted, not yet written: prepared ahead while earlier files are written. */
export type Prepared = { kind: 'done'; outcome: IngestOutcome } | { kind: 'converted'; name: string; id: string; sourceSha256: string; converted: SourceText };

/** Everything but the write: safe to run for the next files while one is stored, since each has its own id. */
export async function prepareSource(source: Source, ctx: IngestContext): Promise<Prepared> {
  const name = baseName(source.name);
  const fail = (reason: string): Prepared => ({ kind: 'done', outcome: { name: source.name, status: 'failed', reason } });
  const id = letterIdFor(name);
  if (!id) return fail('the file name gives an empty letter id; rename it');

  const sourceSha256 = sha256(source.bytes);
  const extractor = sourceKind(name) === 'pdf' ? PDF_EXTRACTOR_VERSION : 'verbatim';
  const same = await ctx.store.unchangedSource(id, sourceSha256, extractor);
  if (same) return { kind: 'done', outcome: described(source.name, 'unchanged', id, same.file, same.text, same.pages, ctx) };

  const converted = await (ctx.convert ?? ((n, b) => sourceText(n, b, ctx.limits)))(name, source.bytes);
  if (!converted.ok)
    return converted.limit ? { kind: 'done', outcome: { name: source.name, status: 'failed', reason: converted.reason, limit: converted.limit } } : fail(converted.reason);
  // The same check loadCorpus makes, so whatever is written also loads.
  const letter = parseLetterFile(`${id}${converted.ext}`, Buffer.from(converted.text, 'utf8'));
  if ('reason' in letter) return fail(letter.reason);
  return { kind: 'converted', name: source.name, id, sourceSha256, converted };
}

export async function commitSource(prepared: Prepared, ctx: IngestContext): Promise<IngestOutcome> {
  if (prepared.kind === 'done') return prepared.outcome;
  const { name, id, sourceSha256, converted } = prepared;
  const stored = await ctx.store.store(id, converted.ext, converted.text, {
    source: baseName(name),
    kind: converted.kind,
    via: ctx.via,
    sourceSha256,
    pages: converted.pages,
    extractor: converted.extractor,
    pdfInfo: converted.pdfInfo,
  });
  const outcome: IngestedLetter = described(name, stored.status, id, stored.file, converted.text, converted.pages, ctx);
  if (stored.duplicateOf) outcome.duplicateOf = stored.duplicateOf;
  if (converted.warnings.length > 0) outcome.warnings = converted.warnings;
  return outcome;
}

/** The file name without folders, whether they were written with / or \\ (browsers, Windows). */
export function baseName(name: string): string {
  return path.basename(name.replace(/\\/g, '/'));
}

/** The letter id a source file gets: its name as loadCorpus would read it, accents dropped (Môn → mon). */
export function letterIdFor(name: string): string {
  return letterIdFromFile(baseName(name).normalize('NFKD').replace(/\p{M}/gu, ''));
}

function described(name: string, status: StoreStatus, id: string, file: string, text: string, pages: number | null, ctx: IngestContext): IngestedLetter {
  const letter = parseLetterFile(file, Buffer.from(text, 'utf8'));
  const meta = 'reason' in letter ? { title: null, date: null } : letter;
  return { name, status, id, file, title: meta.title, date: meta.date, paragraphs: chunkLetter(text, ctx.chunkOptions).chunks.length, pages };
}

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../base/atomic-write.js';
import { acquireLock } from '../base/lock.js';
import { CHUNKER_VERSION, type ChunkOptions } from '../chunk/chunk.js';
import { type Letter, type LetterInfo, metadataOf } from '../corpus/letter.js';
import { METADATA_VERSION } from '../corpus/metadata.js';
import type { FileStamp } from '../corpus/scan-corpus.js';
import type { Embedder } from '../embed/embedder.js';
import { BINARY_CODES_FILES, BINARY_SEGMENT_FILES, binaryStore, writeSegmentRows } from './binary-store.js';
import { type EmbedSources, embedLetters, type Parallelism, type ProgressEvent } from './embed-letters.js';
import { IndexFiles } from './index-files.js';
import { loadCurrentIndex } from './load-index.js';
import { LoadedIndex } from './loaded-index.js';
import { INDEX_LAYOUT, type Manifest } from './manifest.js';
import { linkSegments } from './segment-files.js';
import { SPARSE_FILE, writeSparse } from './sparse-file.js';
import { SparsePostings } from './sparse-postings.js';
import { VectorMatrix } from './vector-matrix.js';
import type { VectorStore } from './vector-store.js';

export { embedLetters, type ProgressEvent } from './embed-letters.js';

/** Appended segments before a build that only adds letters is written whole again, as one segment. */
const MAX_SEGMENTS = 16;

export { loadCurrentIndex } from './load-index.js';

export interface BuildOptions {
  indexDir: string;
  /** Letters without text need `textOf` for those that must be (re-)embedded. */
  letters: readonly (Letter | LetterInfo)[];
  textOf?: (letter: LetterInfo) => string;
  /** The corpus files' stamps (scanCorpus), kept in the manifest so the next start reads only changed files. */
  stamps?: ReadonlyMap<string, FileStamp>;
  stampedAt?: number;
  embedder: Embedder;
  chunkOptions: ChunkOptions;
  /** Threads for chunking and built-in embedding (compose/settings.ts parallelismFrom); default: this thread only. */
  parallelism?: Parallelism;
  /** Where new builds are written; defaults to the binary store. Existing builds are read by whichever store wrote them. */
  store?: VectorStore;
  lockTimeoutMs?: number;
  onProgress?: (event: ProgressEvent) => void;
  log?: (message: string) => void;
}

export interface BuildResult {
  index: LoadedIndex;
  /** reused: nothing changed; incremental: some letters re-embedded (or none, when only the store format changed); full: everything embedded. */
  action: 'reused' | 'incremental' | 'full';
  embeddedLetters: number;
  reusedLetters: number;
  removedLetters: number;
}

/**
 * Makes index/ match the letters: reuses the current build when nothing changed, re-embeds only
 * changed letters when the embedder and chunker are the same, rebuilds otherwise. A new build is
 * written to a staging directory and swapped in with a rename, under a lock file.
 */
export async function ensureIndex(options: BuildOptions): Promise<BuildResult> {
  const files = new IndexFiles(options.indexDir);
  const store = options.store ?? binaryStore;
  const log = options.log ?? (() => {});
  await mkdir(options.indexDir, { recursive: true });
  const release = await acquireLock(files.lockPath, { timeoutMs: options.lockTimeoutMs ?? 300_000, staleMs: 600_000 });
  try {
    const current = await loadCurrentIndex(files, log);
    const compatible = current !== null && isCompatible(current.manifest, options);
    const plan = planLetters(options.letters, compatible ? current : null);
    // A build of an older layout (float32 vectors, no sparse index) is rewritten once, without re-embedding.
    const sameStore = (current?.manifest.store ?? 'vectra') === store.format && current?.manifest.layout === INDEX_LAYOUT && current.sparse !== null;
    if (compatible && current && sameStore && plan.changed === 0 && plan.removed === 0) {
      const index = await refreshStamps(current, options);
      await files.removeStale();
      return { index, action: 'reused', embeddedLetters: 0, reusedLetters: plan.reused.size, removedLetters: 0 };
    }
    const sources: EmbedSources = {
      ...(options.textOf ? { textOf: options.textOf } : {}),
      ...(options.stamps ? { stamps: options.stamps } : {}),
      ...(options.stampedAt !== undefined ? { stampedAt: options.stampedAt } : {}),
    };
    const added = options.letters.filter((l) => !plan.reused.has(l.id));
    const appendable =
      compatible &&
      current &&
      sameStore &&
      store.format === 'binary' &&
      plan.removed === 0 &&
      (current.manifest.segments?.length ?? 1) < MAX_SEGMENTS &&
      added.every((l) => !current.manifest.letters[l.id]);
    const index = appendable
      ? await appendBuild(files, current, options, added, sources)
      : await writeBuild(
          files,
          store,
          await embedLetters(options.letters, options.embedder, options.chunkOptions, compatible ? current : null, plan.reused, options.onProgress, sources, {
            threads: 1,
            ...options.parallelism,
            log,
          }),
        );
    await files.removeStale();
    return {
      index,
      action: compatible ? 'incremental' : 'full',
      embeddedLetters: options.letters.length - plan.reused.size,
      reusedLetters: plan.reused.size,
      removedLetters: plan.removed,
    };
  } finally {
    await release();
  }
}

function isCompatible(manifest: Manifest, options: BuildOptions): boolean {
  return (
    manifest.embedder.id === options.embedder.id &&
    manifest.embedder.dimensions === options.embedder.dimensions &&
    manifest.chunker.version === CHUNKER_VERSION &&
    manifest.chunker.maxTokens === options.chunkOptions.maxTokens &&
    manifest.chunker.minWords === options.chunkOptions.minWords
  );
}

/**
 * Nothing to re-embed, but the corpus files' stamps (a file touched, or a build from before stamps
 * were kept) or metadata differ from the manifest's: rewrite the manifest alone, atomically, so the
 * next start trusts them. The rows are untouched, so the build stays complete at every moment.
 */
async function refreshStamps(current: LoadedIndex, options: BuildOptions): Promise<LoadedIndex> {
  const { stamps, stampedAt } = options;
  if (!stamps || stampedAt === undefined || !current.buildDir) return current;
  let changed = current.manifest.metadataVersion !== METADATA_VERSION;
  const letters: Manifest['letters'] = {};
  for (const l of options.letters) {
    const was = current.manifest.letters[l.id];
    if (!was) return current;
    const next = { ...was, ...stamps.get(l.id), metadata: metadataOf(l) };
    if (next.size !== was.size || next.mtimeMs !== was.mtimeMs || !was.metadata || 'text' in l) changed = true;
    letters[l.id] = next;
  }
  if (!changed) return current;
  const manifest: Manifest = { ...current.manifest, letters, stampedAt, metadataVersion: METADATA_VERSION };
  await writeAtomic(path.join(current.buildDir, 'manifest.json'), JSON.stringify(manifest));
  return current.withManifest(manifest);
}

function planLetters(letters: readonly LetterInfo[], current: LoadedIndex | null) {
  const reused = new Set<string>();
  let changed = 0;
  for (const l of letters) {
    const was = current?.manifest.letters[l.id];
    if (was && was.sha256 === l.sha256 && was.file === l.file) reused.add(l.id);
    else changed++;
  }
  const ids = new Set(letters.map((l) => l.id));
  const removed = current ? Object.keys(current.manifest.letters).filter((id) => !ids.has(id)).length : 0;
  return { reused, changed, removed };
}

/**
 * Letters only added: the new build hard-links every segment of the current one and writes one
 * more segment with the added letters' rows (see segment-files.ts), so adding a letter costs that
 * letter, not the corpus. Like any build it is complete in its staging dir before it is published.
 */
async function appendBuild(files: IndexFiles, current: LoadedIndex, options: BuildOptions, added: readonly (Letter | LetterInfo)[], sources: EmbedSources): Promise<LoadedIndex> {
  const { onProgress } = options;
  const reused = options.letters.length - added.length;
  const progress = onProgress ? (e: ProgressEvent) => onProgress({ ...e, done: e.done + reused, total: options.letters.length }) : undefined;
  const fresh = await embedLetters(added, options.embedder, options.chunkOptions, null, new Set(), progress, sources, { threads: 1, ...options.parallelism, log: options.log });
  if (!current.buildDir || !current.sparse || !fresh.sparse) throw new Error('an appended build needs the current build on disk with its sparse index');
  const dims = current.dimensions;
  const before = current.manifest.segments ?? [{ name: '', rows: current.chunks.length }];
  const staging = await files.newStagingDir();
  const segment = { name: staging.name, rows: fresh.chunks.length };
  await linkSegments(current.buildDir, staging.dir, before, [BINARY_CODES_FILES, ...BINARY_SEGMENT_FILES, SPARSE_FILE]);
  await writeSegmentRows(staging.dir, segment.name, { chunks: fresh.chunks, matrix: fresh.matrix }, dims);
  await writeSparse(staging.dir, fresh.sparse, segment.name);
  const letters: Manifest['letters'] = {};
  for (const l of options.letters) {
    const was = current.manifest.letters[l.id];
    letters[l.id] = was ? { ...was, ...options.stamps?.get(l.id), metadata: metadataOf(l) } : (fresh.manifest.letters[l.id] as Manifest['letters'][string]);
  }
  const chunks = [...current.chunks, ...fresh.chunks];
  const manifest: Manifest = { ...fresh.manifest, letters, chunkCount: chunks.length, segments: [...before, segment], store: 'binary' };
  await writeAtomic(path.join(staging.dir, 'manifest.json'), JSON.stringify(manifest));
  const buildDir = await files.publish(staging.dir, staging.name);
  const matrix = VectorMatrix.concat([current.matrix, fresh.matrix], dims);
  return new LoadedIndex(manifest, chunks, matrix, buildDir, true, SparsePostings.concat([current.sparse, fresh.sparse]));
}

/** Writes a complete build into a staging dir (rows, then the manifest last) and publishes it. */
async function writeBuild(files: IndexFiles, store: VectorStore, built: LoadedIndex): Promise<LoadedIndex> {
  const manifest: Manifest = { ...built.manifest, store: store.format };
  const staging = await files.newStagingDir();
  await store.write(staging.dir, { chunks: built.chunks, matrix: built.matrix }, manifest.embedder.dimensions);
  if (built.sparse) await writeSparse(staging.dir, built.sparse);
  await writeAtomic(path.join(staging.dir, 'manifest.json'), JSON.stringify(manifest));
  const buildDir = await files.publish(staging.dir, staging.name);
  return new LoadedIndex(manifest, built.chunks, built.matrix, buildDir, true, built.sparse);
}

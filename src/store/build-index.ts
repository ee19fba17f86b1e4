import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalIndex } from 'vectra';
import { chunkLetter } from '../chunk/chunk-letter.js';
import { CHUNKER_VERSION, type ChunkOptions } from '../chunk/chunk.js';
import type { Letter } from '../corpus/letter.js';
import type { Embedder } from '../embed/embedder.js';
import { type ChunkRecord, chunkId, storedChunkSchema } from './chunk-record.js';
import { IndexFiles, fsyncPath, writeFileAtomic } from './index-files.js';
import { LoadedIndex } from './loaded-index.js';
import { acquireLock } from './lock.js';
import { MANIFEST_VERSION, type Manifest, manifestSchema } from './manifest.js';

export interface BuildOptions {
  indexDir: string;
  letters: Letter[];
  embedder: Embedder;
  chunkOptions: ChunkOptions;
  lockTimeoutMs?: number;
  onProgress?: (event: ProgressEvent) => void;
  log?: (message: string) => void;
}

export type ProgressEvent = { letterId: string; chunks: number; reused: boolean; done: number; total: number };

export interface BuildResult {
  index: LoadedIndex;
  /** reused: nothing changed; incremental: some letters re-embedded; full: everything embedded. */
  action: 'reused' | 'incremental' | 'full';
  embeddedLetters: number;
  reusedLetters: number;
  removedLetters: number;
}

type ItemMetadata = Omit<ChunkRecord, 'id' | 'section'> & { section: string };

/**
 * Makes index/ match the letters: reuses the current build when nothing changed, re-embeds only
 * changed letters when the embedder and chunker are the same, rebuilds otherwise. A new build is
 * written to a staging directory and swapped in with a rename, under a lock file.
 */
export async function ensureIndex(options: BuildOptions): Promise<BuildResult> {
  const files = new IndexFiles(options.indexDir);
  const log = options.log ?? (() => {});
  await mkdir(options.indexDir, { recursive: true });
  const release = await acquireLock(files.lockPath, { timeoutMs: options.lockTimeoutMs ?? 300_000, staleMs: 600_000 });
  try {
    const current = await loadCurrentIndex(files, log);
    const compatible = current !== null && isCompatible(current.manifest, options);
    const plan = planLetters(options.letters, compatible ? current : null);
    if (compatible && current && plan.changed === 0 && plan.removed === 0) {
      await files.removeStale();
      return { index: current, action: 'reused', embeddedLetters: 0, reusedLetters: plan.reused.size, removedLetters: 0 };
    }
    const index = await writeBuild(files, options, compatible ? current : null, plan.reused);
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

function planLetters(letters: Letter[], current: LoadedIndex | null) {
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

/** Chunks and embeds letters (reusing a previous index's vectors for unchanged ones), in memory. */
export async function embedLetters(
  letters: Letter[],
  embedder: Embedder,
  chunkOptions: ChunkOptions,
  previous: LoadedIndex | null = null,
  reused: Set<string> = new Set(),
  onProgress?: (event: ProgressEvent) => void,
): Promise<LoadedIndex> {
  const dims = embedder.dimensions;
  const records: ChunkRecord[] = [];
  const vectors: Float32Array[] = [];
  const manifestLetters: Manifest['letters'] = {};

  const previousRows = new Map<string, number[]>();
  previous?.chunks.forEach((c, i) => {
    if (reused.has(c.letterId)) previousRows.set(c.letterId, [...(previousRows.get(c.letterId) ?? []), i]);
  });

  let done = 0;
  for (const letter of letters) {
    let count = 0;
    if (previous && reused.has(letter.id)) {
      for (const i of previousRows.get(letter.id) ?? []) {
        records.push(previous.chunks[i] as ChunkRecord);
        vectors.push(previous.vector(i).slice());
        count++;
      }
    } else {
      const { chunks } = chunkLetter(letter.text, chunkOptions);
      const embedded = await embedder.embed(chunks.map((c) => letter.text.slice(c.start, c.end)));
      chunks.forEach((c, i) => {
        const v = embedded[i];
        if (!v || v.length !== dims) throw new Error(`embedder returned a vector of the wrong size for ${letter.id}`);
        records.push({ id: chunkId(letter.id, c.n), letterId: letter.id, n: c.n, start: c.start, end: c.end, section: c.section, kind: c.kind, tokens: c.tokens });
        vectors.push(Float32Array.from(v));
      });
      count = chunks.length;
    }
    manifestLetters[letter.id] = { sha256: letter.sha256, file: letter.file, chunks: count };
    onProgress?.({ letterId: letter.id, chunks: count, reused: reused.has(letter.id), done: ++done, total: letters.length });
  }

  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    createdAt: new Date().toISOString(),
    chunker: { version: CHUNKER_VERSION, maxTokens: chunkOptions.maxTokens, minWords: chunkOptions.minWords },
    embedder: { id: embedder.id, dimensions: dims },
    letters: manifestLetters,
    chunkCount: records.length,
  };
  const flat = new Float32Array(records.length * dims);
  vectors.forEach((v, i) => flat.set(v, i * dims));
  return new LoadedIndex(manifest, records, flat, null);
}

async function writeBuild(files: IndexFiles, options: BuildOptions, previous: LoadedIndex | null, reused: Set<string>): Promise<LoadedIndex> {
  const built = await embedLetters(options.letters, options.embedder, options.chunkOptions, previous, reused, options.onProgress);
  const staging = await files.newStagingDir();
  const vectra = new LocalIndex<ItemMetadata>(staging.dir);
  await vectra.createIndex({ version: 1 });
  await vectra.beginUpdate();
  for (const [i, r] of built.chunks.entries()) {
    await vectra.insertItem({ id: r.id, vector: Array.from(built.vector(i)), metadata: toMetadata(r) });
  }
  await vectra.endUpdate();
  await fsyncPath(path.join(staging.dir, 'index.json'));
  await writeFileAtomic(path.join(staging.dir, 'manifest.json'), JSON.stringify(built.manifest, null, 1));
  const buildDir = await files.publish(staging.dir, staging.name);
  return new LoadedIndex(built.manifest, built.chunks, built.vectors, buildDir);
}

function toMetadata(r: ChunkRecord): ItemMetadata {
  // vectra metadata values cannot be null.
  return { letterId: r.letterId, n: r.n, start: r.start, end: r.end, section: r.section ?? '', kind: r.kind, tokens: r.tokens };
}

/** The current build, or null if there is none or it is unreadable (then it is rebuilt). */
export async function loadCurrentIndex(files: IndexFiles, log: (m: string) => void = () => {}): Promise<LoadedIndex | null> {
  const name = await files.currentBuildName();
  if (!name) return null;
  const dir = files.buildPath(name);
  try {
    const manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
    const items = await new LocalIndex<ItemMetadata>(dir).listItems();
    if (items.length !== manifest.chunkCount) throw new Error(`index.json has ${items.length} items, manifest says ${manifest.chunkCount}`);
    const dims = manifest.embedder.dimensions;
    const flat = new Float32Array(items.length * dims);
    const records = items.map((item, i) => {
      if (item.vector.length !== dims) throw new Error(`item ${item.id} has ${item.vector.length} dimensions, expected ${dims}`);
      flat.set(item.vector, i * dims);
      const m = storedChunkSchema.parse(item.metadata);
      if (!manifest.letters[m.letterId]) throw new Error(`item ${item.id} belongs to ${m.letterId}, which the manifest does not list`);
      return { id: item.id, letterId: m.letterId, n: m.n, start: m.start, end: m.end, section: m.section || null, kind: m.kind, tokens: m.tokens };
    });
    return new LoadedIndex(manifest, records, flat, dir);
  } catch (err) {
    log(`index build ${name} is unreadable (${(err as Error).message}); rebuilding from corpus/`);
    return null;
  }
}

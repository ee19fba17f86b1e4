import { CHUNKER_VERSION, type Chunk, type ChunkOptions } from '../chunk/chunk.js';
import { chunkLetter } from '../chunk/chunk-letter.js';
import { type Letter, type LetterInfo, metadataOf } from '../corpus/letter.js';
import { METADATA_VERSION } from '../corpus/metadata.js';
import type { FileStamp } from '../corpus/scan-corpus.js';
import type { Embedder } from '../embed/embedder.js';
import { indexTerms } from '../text/analyze.js';
import { type ChunkRecord, chunkRecord } from './chunk-record.js';
import { builtinEmbedder, type EmbeddedBatch, embedBatch, termsOf } from './embed-batch.js';
import { type EmbedPool, startEmbedPool } from './embed-pool.js';
import { LoadedIndex } from './loaded-index.js';
import { INDEX_LAYOUT, MANIFEST_VERSION, type Manifest } from './manifest.js';
import { type SparsePassage, SparsePostings } from './sparse-postings.js';
import { MatrixBuilder } from './vector-matrix.js';

export type ProgressEvent = { letterId: string; chunks: number; reused: boolean; done: number; total: number };

export interface EmbedSources {
  /** The text of a letter that must be chunked and embedded; default: the letter's own `text`. */
  textOf?: (letter: LetterInfo) => string;
  /** Corpus file stamps by letter id, and when they were taken: recorded in the manifest for scanCorpus. */
  stamps?: ReadonlyMap<string, FileStamp>;
  stampedAt?: number;
}

function ownText(letter: LetterInfo): string {
  const text = (letter as Partial<Letter>).text;
  if (typeof text !== 'string') throw new Error(`letter ${letter.id} has no text to embed`);
  return text;
}

/** Where a build chunks and embeds with the built-in embedder. */
export interface Parallelism {
  /** Threads that chunk and embed (INDEX_THREADS); 1: all on this thread. */
  threads: number;
  /** Fewest letters to embed for which the threads are started: below it, starting them costs more than they save. */
  minLetters?: number;
  /** Caps each thread's JavaScript heap, MB (default: Node's); a thread over it fails the build. */
  heapMb?: number;
  /** Told where the letters are embedded (on how many threads). */
  log?: (message: string) => void;
}

/**
 * Two threads answer their first task 1.0–1.7 s (dist) or 2.5–3.3 s (tsx) after they are started
 * on a busy 2-core machine, where one thread takes ~8.5 ms a letter: halving that pays for the
 * start from ~250–400 letters (docs/performance.md, "Cold builds on two threads").
 */
export const PARALLEL_MIN_LETTERS = 400;
const CHUNK_TASK_LETTERS = 20;
const EMBED_TASK_PASSAGES = 400;

interface Plan {
  letter: Letter | LetterInfo;
  /** Rows of the previous build to copy, for a reused letter. */
  copy: number[] | null;
  text: string | null;
  chunks: Chunk[] | null;
  /** With threads: the embedding task the letter's passages are in, and where they start in it. */
  task?: number;
  offset?: number;
}

/**
 * Chunks and embeds letters into one in-memory index, copying the rows of `reused` letters from
 * `previous` instead of embedding them again. Chunks everything first so the vector matrix is
 * allocated once at its final size (it can be gigabytes). With the built-in embedder and enough
 * letters, the chunking and embedding run on `parallelism.threads` threads; the rows are the same
 * on any number of them.
 */
export async function embedLetters(
  letters: readonly (Letter | LetterInfo)[],
  embedder: Embedder,
  chunkOptions: ChunkOptions,
  previous: LoadedIndex | null = null,
  reused: Set<string> = new Set(),
  onProgress?: (event: ProgressEvent) => void,
  sources: EmbedSources = {},
  parallelism: Parallelism = { threads: 1 },
): Promise<LoadedIndex> {
  const builtin = builtinEmbedder(embedder);
  const toEmbed = previous ? letters.filter((l) => !reused.has(l.id)).length : letters.length;
  const threaded = builtin !== null && parallelism.threads > 1 && toEmbed >= (parallelism.minLetters ?? PARALLEL_MIN_LETTERS);
  const pool = threaded ? startEmbedPool(parallelism.threads, builtin, chunkOptions, parallelism.heapMb) : null;
  if (toEmbed > 0) parallelism.log?.(`embedding ${toEmbed} letters ${pool ? `on ${parallelism.threads} threads` : 'on the main thread'}`);
  try {
    return await embedAll(letters, embedder, chunkOptions, previous, reused, onProgress, sources, pool);
  } finally {
    await pool?.close();
  }
}

async function embedAll(
  letters: readonly (Letter | LetterInfo)[],
  embedder: Embedder,
  chunkOptions: ChunkOptions,
  previous: LoadedIndex | null,
  reused: Set<string>,
  onProgress: ((event: ProgressEvent) => void) | undefined,
  sources: EmbedSources,
  pool: EmbedPool | null,
): Promise<LoadedIndex> {
  const textOf = sources.textOf ?? ownText;
  const dims = embedder.dimensions;
  const builtin = builtinEmbedder(embedder);
  const previousRows = new Map<string, number[]>();
  if (previous) {
    previous.chunks.forEach((c, i) => {
      if (!reused.has(c.letterId)) return;
      const rows = previousRows.get(c.letterId);
      if (rows) rows.push(i);
      else previousRows.set(c.letterId, [i]);
    });
  }
  const plans: Plan[] = [];
  const chunking: Promise<void>[] = [];
  let unchunked: Plan[] = [];
  const chunkOnPool = (group: Plan[]) => {
    if (!pool || group.length === 0) return;
    const texts = group.map((p) => p.text as string);
    const chunked = pool.chunk(texts).then((chunks) => {
      group.forEach((p, i) => {
        p.chunks = chunks[i] as Chunk[];
      });
    });
    // Awaited once every letter is read: a failure before then is not an unhandled rejection.
    chunked.catch(() => {});
    chunking.push(chunked);
  };
  for (const letter of letters) {
    const copy = previous && reused.has(letter.id) ? (previousRows.get(letter.id) ?? []) : null;
    const text = copy ? null : textOf(letter);
    const plan: Plan = { letter, copy, text, chunks: null };
    plans.push(plan);
    if (text === null) continue;
    if (!pool) plan.chunks = chunkLetter(text, chunkOptions).chunks;
    else if (unchunked.push(plan) >= CHUNK_TASK_LETTERS) {
      chunkOnPool(unchunked);
      unchunked = [];
    }
  }
  chunkOnPool(unchunked);
  await Promise.all(chunking);
  const total = plans.reduce((n, p) => n + (p.copy ? p.copy.length : (p.chunks as Chunk[]).length), 0);
  const tasks = pool ? embedTasks(plans, pool) : null;

  const records: ChunkRecord[] = new Array(total);
  const vectors = new MatrixBuilder(total, dims);
  // Copied rows keep their postings too (read from the previous build, not analysed again) when it has them.
  const passages: SparsePassage[] = new Array(total);
  const copyPostings = previous?.sparse ?? null;
  const manifestLetters: Manifest['letters'] = {};
  let row = 0;
  let done = 0;
  const addRow = (letter: LetterInfo, c: Chunk, vector: ArrayLike<number>, terms: string[]) => {
    records[row] = chunkRecord(letter.id, c);
    vectors.setRow(row, vector);
    passages[row] = { terms, section: c.section };
    row++;
  };
  const setRows = (letter: LetterInfo, chunks: readonly Chunk[], batch: EmbeddedBatch, offset: number) => {
    if (batch.vectors.length < (offset + chunks.length) * dims) throw new Error(`the built-in embedder returned too few vectors for ${letter.id}`);
    chunks.forEach((c, i) => {
      const at = offset + i;
      addRow(letter, c, batch.vectors.subarray(at * dims, (at + 1) * dims), termsOf(batch, at));
    });
  };
  for (const plan of plans) {
    const { letter, copy, chunks } = plan;
    const first = row;
    if (copy && previous) {
      const text = copyPostings ? null : textOf(letter);
      for (const i of copy) {
        const c = previous.chunks[i] as ChunkRecord;
        records[row] = c;
        vectors.copyRow(row, previous.matrix, i);
        passages[row] = text === null ? { previous: i, section: c.section } : { terms: indexTerms(text.slice(c.start, c.end)), section: c.section };
        row++;
      }
    } else if (chunks && tasks && plan.task !== undefined) {
      setRows(letter, chunks, await tasks.result(plan.task), plan.offset ?? 0);
    } else if (chunks && plan.text !== null) {
      const text = plan.text;
      plan.text = null; // not kept once embedded: a full build would otherwise hold the whole corpus
      const texts = chunks.map((c) => text.slice(c.start, c.end));
      if (builtin) setRows(letter, chunks, embedBatch(builtin, texts), 0);
      else {
        const embedded = await embedder.embed(texts);
        chunks.forEach((c, i) => {
          const v = embedded[i];
          if (!v || v.length !== dims) throw new Error(`embedder returned a vector of the wrong size for ${letter.id}`);
          addRow(letter, c, v, indexTerms(texts[i] as string));
        });
      }
    }
    const stamp = sources.stamps?.get(letter.id);
    manifestLetters[letter.id] = { sha256: letter.sha256, file: letter.file, chunks: row - first, ...stamp, metadata: metadataOf(letter) };
    onProgress?.({ letterId: letter.id, chunks: row - first, reused: copy !== null, done: ++done, total: letters.length });
  }

  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    createdAt: new Date().toISOString(),
    chunker: { version: CHUNKER_VERSION, maxTokens: chunkOptions.maxTokens, minWords: chunkOptions.minWords },
    embedder: { id: embedder.id, dimensions: dims },
    letters: manifestLetters,
    chunkCount: total,
    ...(sources.stampedAt !== undefined ? { stampedAt: sources.stampedAt } : {}),
    metadataVersion: METADATA_VERSION,
    layout: INDEX_LAYOUT,
  };
  return new LoadedIndex(manifest, records, vectors.finish(), null, true, SparsePostings.build(passages, copyPostings));
}

/**
 * The letters to embed, in order, cut into tasks of about EMBED_TASK_PASSAGES passages. Tasks are
 * sent a few ahead of the one being written (so the threads never wait for this one, and no more
 * than a few tasks' vectors are held at once); each letter's text is let go when its task is sent.
 */
function embedTasks(plans: Plan[], pool: EmbedPool) {
  const groups: Plan[][] = [];
  let group: Plan[] = [];
  let size = 0;
  for (const plan of plans) {
    if (!plan.chunks || plan.text === null) continue;
    plan.task = groups.length;
    plan.offset = size;
    group.push(plan);
    size += plan.chunks.length;
    if (size >= EMBED_TASK_PASSAGES) {
      groups.push(group);
      group = [];
      size = 0;
    }
  }
  if (group.length > 0) groups.push(group);
  const replies: (Promise<EmbeddedBatch> | undefined)[] = [];
  const ahead = 4;
  const send = (k: number) => {
    const plans = groups[k];
    if (!plans || replies[k]) return;
    const passages: string[] = [];
    for (const p of plans) {
      const text = p.text as string;
      p.text = null;
      for (const c of p.chunks as Chunk[]) passages.push(text.slice(c.start, c.end));
    }
    replies[k] = pool.embed(passages);
  };
  return {
    result(k: number): Promise<EmbeddedBatch> {
      for (let j = k; j <= k + ahead; j++) send(j);
      // Earlier tasks' vectors are written: let them go.
      if (k > 0) replies[k - 1] = undefined;
      return replies[k] as Promise<EmbeddedBatch>;
    },
  };
}

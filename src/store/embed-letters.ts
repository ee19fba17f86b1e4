import { CHUNKER_VERSION, type Chunk, type ChunkOptions } from '../chunk/chunk.js';
import { chunkLetter } from '../chunk/chunk-letter.js';
import { type Letter, type LetterInfo, metadataOf } from '../corpus/letter.js';
import { METADATA_VERSION } from '../corpus/metadata.js';
import type { FileStamp } from '../corpus/scan-corpus.js';
import type { Embedder } from '../embed/embedder.js';
import { indexTerms } from '../text/analyze.js';
import { type ChunkRecord, chunkRecord } from './chunk-record.js';
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

/**
 * Chunks and embeds letters into one in-memory index, copying the rows of `reused` letters from
 * `previous` instead of embedding them again. Chunks everything first so the vector matrix is
 * allocated once at its final size (it can be gigabytes).
 */
export async function embedLetters(
  letters: readonly (Letter | LetterInfo)[],
  embedder: Embedder,
  chunkOptions: ChunkOptions,
  previous: LoadedIndex | null = null,
  reused: Set<string> = new Set(),
  onProgress?: (event: ProgressEvent) => void,
  sources: EmbedSources = {},
): Promise<LoadedIndex> {
  const textOf = sources.textOf ?? ownText;
  const dims = embedder.dimensions;
  const previousRows = new Map<string, number[]>();
  if (previous) {
    previous.chunks.forEach((c, i) => {
      if (!reused.has(c.letterId)) return;
      const rows = previousRows.get(c.letterId);
      if (rows) rows.push(i);
      else previousRows.set(c.letterId, [i]);
    });
  }
  const plans = letters.map((letter) => {
    const copy = previous && reused.has(letter.id) ? (previousRows.get(letter.id) ?? []) : null;
    const text = copy ? null : textOf(letter);
    return { letter, copy, text, chunks: text === null ? null : chunkLetter(text, chunkOptions).chunks };
  });
  const total = plans.reduce((n, p) => n + (p.copy ? p.copy.length : (p.chunks as Chunk[]).length), 0);

  const records: ChunkRecord[] = new Array(total);
  const vectors = new MatrixBuilder(total, dims);
  // Copied rows keep their postings too (read from the previous build, not analysed again) when it has them.
  const passages: SparsePassage[] = new Array(total);
  const copyPostings = previous?.sparse ?? null;
  const manifestLetters: Manifest['letters'] = {};
  let row = 0;
  let done = 0;
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
    } else if (chunks && plan.text !== null) {
      const text = plan.text;
      plan.text = null; // not kept once embedded: a full build would otherwise hold the whole corpus
      const embedded = await embedder.embed(chunks.map((c) => text.slice(c.start, c.end)));
      chunks.forEach((c, i) => {
        const v = embedded[i];
        if (!v || v.length !== dims) throw new Error(`embedder returned a vector of the wrong size for ${letter.id}`);
        records[row] = chunkRecord(letter.id, c);
        vectors.setRow(row, v);
        passages[row] = { terms: indexTerms(text.slice(c.start, c.end)), section: c.section };
        row++;
      });
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

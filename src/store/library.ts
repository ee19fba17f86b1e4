import { Lru } from '../base/lru.js';
import { type Letter, type LetterInfo, letterInfo } from '../corpus/letter.js';
import { type LetterTextSource, MemoryTexts, TextUnavailableError } from '../corpus/letter-texts.js';
import type { CorpusProblem } from '../corpus/load-corpus.js';
import type { ChunkLayout } from './chunk-layout.js';
import type { ChunkRecord } from './chunk-record.js';
import type { LoadedIndex } from './loaded-index.js';

/** Letters whose text stays in memory at once: a request cites a handful; a letter is ~20 kB. */
export const TEXT_CACHE_LETTERS = 128;

/** A letter's text with its chunk records (paragraph order), as a database gives them together. */
export interface LoadedLetter {
  text: string;
  chunks: ChunkRecord[];
}

/** Where an index that holds only its layout (a database's) reads letters' texts and chunk records, together. */
export interface LetterChunkSource {
  /** Throws TextUnavailableError for a letter that cannot be had or no longer matches the index. */
  loadWithChunks(letters: readonly LetterInfo[]): Promise<Map<string, LoadedLetter>>;
}

export interface LibraryOptions {
  /** Where texts are read when needed. Default: the texts of the letters given (each must then carry one). */
  texts?: LetterTextSource;
  /** Required for an index without its chunk records (index.hasChunkRecords false): where they are read with the texts. */
  chunks?: LetterChunkSource;
  textCacheLetters?: number;
}

/** The chunks of one letter an index holding every record keeps: by paragraph, and their positions ascending. */
interface HeldChunks {
  chunks: ChunkRecord[];
  positions: number[];
}

/** A cached letter; `chunks` for an index that reads records per letter (null: the index holds them all). */
interface Cached {
  letter: Letter;
  chunks: readonly ChunkRecord[] | null;
}

/** An index without its chunk records: where they sit, and where they come from. */
interface LazyChunks {
  layout: ChunkLayout;
  source: LetterChunkSource;
}

/**
 * The letters and their index, as the server reads them. Immutable: a reindex makes a new one.
 * Holds every letter's metadata (`letters`, `info`) but not its text: `letter(id)` reads the text
 * from its source when first needed and keeps the most recently used ones (an LRU).
 *
 * Chunks are named by their position in the index (0 … chunkCount − 1). An index on disk holds
 * every chunk record in memory; a database's holds only where they sit (its layout), and the
 * records of a letter are read with its text (loadTexts) and cached with it: chunk(i), chunksOf
 * and letter need the letter read ahead, as its text does.
 */
export class Library {
  readonly letters: readonly LetterInfo[];
  private readonly byId: Map<string, LetterInfo>;
  /** Every letter's chunks, when the index holds every record (null: lazy). */
  private readonly chunksByLetter: Map<string, HeldChunks> | null;
  private readonly lazy: LazyChunks | null;
  private readonly texts: LetterTextSource;
  private readonly cache: Lru<string, Cached>;

  constructor(
    letters: readonly (Letter | LetterInfo)[],
    readonly index: LoadedIndex,
    readonly problems: CorpusProblem[] = [],
    options: LibraryOptions = {},
  ) {
    this.texts = options.texts ?? new MemoryTexts(textsOf(letters));
    this.cache = new Lru(options.textCacheLetters ?? TEXT_CACHE_LETTERS);
    const infos = letters.map(letterInfo);
    this.letters = infos.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id));
    this.byId = new Map(infos.map((l) => [l.id, l]));
    if (!index.hasChunkRecords) {
      if (!index.layout || !options.chunks) throw new Error('an index without its chunk records needs their layout and a source to read them from (LibraryOptions.chunks)');
      this.lazy = { layout: index.layout, source: options.chunks };
      this.chunksByLetter = null;
      return;
    }
    this.lazy = null;
    this.chunksByLetter = new Map();
    index.chunks.forEach((c, i) => {
      let held = this.chunksByLetter?.get(c.letterId);
      if (!held) {
        held = { chunks: [], positions: [] };
        this.chunksByLetter?.set(c.letterId, held);
      }
      held.chunks.push(c);
      held.positions.push(i);
    });
    for (const held of this.chunksByLetter.values()) held.chunks.sort((a, b) => a.n - b.n);
  }

  /** A letter's metadata, without reading its text. */
  info(id: string): LetterInfo | undefined {
    return this.byId.get(id);
  }

  /**
   * The letter with its text (read now if it is not cached; a source without synchronous reads
   * must have been asked first with loadTexts). Throws TextUnavailableError when the text cannot
   * be had or no longer matches the index; undefined for an unknown id.
   */
  letter(id: string): Letter | undefined {
    const cached = this.cache.get(id);
    if (cached) return cached.letter;
    const info = this.byId.get(id);
    if (!info) return undefined;
    if (!this.texts.readSync || this.lazy) throw new TextUnavailableError(id, 'not loaded (call Library.loadTexts first)');
    return this.remember(info, this.texts.readSync(info), null).letter;
  }

  /**
   * Reads ahead the texts of these letters into the cache, with their chunk records when the
   * index reads those per letter: a source without synchronous reads (a database) needs this
   * before letter(), chunk() and chunksOf(), right before the synchronous work that cuts quotes
   * from them. A source that reads synchronously (the corpus folder, memory) is left to read on use.
   */
  async loadTexts(ids: Iterable<string>): Promise<void> {
    if (!this.readsAhead) return;
    const missing = [...new Set(ids)].filter((id) => !this.cache.get(id)).flatMap((id) => this.byId.get(id) ?? []);
    if (!missing.length) return;
    if (!this.lazy) {
      const texts = await this.texts.load(missing);
      for (const info of missing) {
        const text = texts.get(info.id);
        if (text !== undefined) this.remember(info, text, null);
      }
      return;
    }
    const { layout, source } = this.lazy;
    const loaded = await source.loadWithChunks(missing);
    for (const info of missing) {
      const got = loaded.get(info.id);
      if (!got) continue;
      // The records must be the ones the served snapshot placed: paragraphs 1 … its count.
      if (got.chunks.length !== layout.count(info.id) || got.chunks.some((c, k) => c.n !== k + 1 || c.letterId !== info.id))
        throw new TextUnavailableError(info.id, 'its paragraphs have changed in the database since this server read its index');
      this.remember(info, got.text, got.chunks);
    }
  }

  /** Whether texts must be read ahead with loadTexts (a database): callers can skip working out which. */
  get readsAhead(): boolean {
    return this.lazy !== null || !this.texts.readSync;
  }

  /** Chunks in the index, whether or not their records are in memory. */
  get chunkCount(): number {
    return this.index.chunkCount;
  }

  /** The letter holding chunk position i, known without its records; undefined outside the index. */
  letterIdAt(i: number): string | undefined {
    return this.lazy ? this.lazy.layout.letterAt(i) : this.index.chunks[i]?.letterId;
  }

  /**
   * The chunk record at position i; undefined outside the index. An index that reads records per
   * letter needs the letter read ahead (loadTexts), else TextUnavailableError.
   */
  chunk(i: number): ChunkRecord | undefined {
    if (!this.lazy) return this.index.chunks[i];
    const id = this.lazy.layout.letterAt(i);
    if (id === undefined) return undefined;
    return this.loadedChunks(id)[i - (this.lazy.layout.base(id) as number)];
  }

  /** The positions of a letter's chunks, ascending (the order a scan of every chunk meets them); known without their records. */
  positionsOf(letterId: string): readonly number[] {
    return this.lazy ? this.lazy.layout.positionsOf(letterId) : (this.chunksByLetter?.get(letterId)?.positions ?? []);
  }

  /** How many paragraphs the index holds of a letter, without reading them. */
  paragraphCount(letterId: string): number {
    return this.lazy ? this.lazy.layout.count(letterId) : (this.chunksByLetter?.get(letterId)?.chunks.length ?? 0);
  }

  /** Chunk records in memory now: every one for an index that holds them, else those of the letters cached. */
  get chunksInMemory(): number {
    if (!this.lazy) return this.index.chunkCount;
    let n = 0;
    for (const c of this.cache.values()) n += c.chunks?.length ?? 0;
    return n;
  }

  /** Letters whose text is in memory now: all of them when they came with it, else those cached. */
  get textsInMemory(): number {
    return this.texts.held?.() ?? this.cache.size;
  }

  /** A letter's chunk records by paragraph ([] for an unknown letter); an index that reads them per letter needs it read ahead (loadTexts). */
  chunksOf(letterId: string): readonly ChunkRecord[] {
    if (!this.lazy) return this.chunksByLetter?.get(letterId)?.chunks ?? [];
    if (!this.byId.has(letterId)) return [];
    return this.loadedChunks(letterId);
  }

  private loadedChunks(id: string): readonly ChunkRecord[] {
    const chunks = this.cache.get(id)?.chunks;
    if (!chunks) throw new TextUnavailableError(id, 'not loaded (call Library.loadTexts first)');
    return chunks;
  }

  private remember(info: LetterInfo, text: string, chunks: readonly ChunkRecord[] | null): Cached {
    const cached: Cached = { letter: { ...info, text }, chunks };
    this.cache.set(info.id, cached);
    return cached;
  }
}

function textsOf(letters: readonly (Letter | LetterInfo)[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const l of letters) if ('text' in l && typeof l.text === 'string') texts.set(l.id, l.text);
  return texts;
}

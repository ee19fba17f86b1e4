import { Lru } from '../base/lru.js';
import { type Letter, type LetterInfo, letterInfo } from '../corpus/letter.js';
import { type LetterTextSource, MemoryTexts, TextUnavailableError } from '../corpus/letter-texts.js';
import type { CorpusProblem } from '../corpus/load-corpus.js';
import type { ChunkRecord } from './chunk-record.js';
import type { LoadedIndex } from './loaded-index.js';

/** Letters whose text stays in memory at once: a request cites a handful; a letter is ~20 kB. */
export const TEXT_CACHE_LETTERS = 128;

export interface LibraryOptions {
  /** Where texts are read when needed. Default: the texts of the letters given (each must then carry one). */
  texts?: LetterTextSource;
  textCacheLetters?: number;
}

/**
 * The letters and their index, as the server reads them. Immutable: a reindex makes a new one.
 * Holds every letter's metadata (`letters`, `info`) but not its text: `letter(id)` reads the text
 * from its source when first needed and keeps the most recently used ones (an LRU).
 */
export class Library {
  readonly letters: readonly LetterInfo[];
  private readonly byId: Map<string, LetterInfo>;
  private readonly chunksByLetter = new Map<string, ChunkRecord[]>();
  private readonly texts: LetterTextSource;
  private readonly cache: Lru<string, Letter>;

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
    for (const c of index.chunks) {
      const list = this.chunksByLetter.get(c.letterId) ?? [];
      list.push(c);
      this.chunksByLetter.set(c.letterId, list);
    }
    for (const list of this.chunksByLetter.values()) list.sort((a, b) => a.n - b.n);
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
    if (cached) return cached;
    const info = this.byId.get(id);
    if (!info) return undefined;
    if (!this.texts.readSync) throw new TextUnavailableError(id, 'not loaded (call Library.loadTexts first)');
    return this.remember(info, this.texts.readSync(info));
  }

  /**
   * Reads ahead the texts of these letters into the cache: a source without synchronous reads (a
   * database) needs this before letter(), right before the synchronous work that cuts quotes from
   * them. A source that reads synchronously (the corpus folder, memory) is left to read on use.
   */
  async loadTexts(ids: Iterable<string>): Promise<void> {
    if (!this.readsAhead) return;
    const missing = [...new Set(ids)].filter((id) => !this.cache.get(id)).flatMap((id) => this.byId.get(id) ?? []);
    if (!missing.length) return;
    const texts = await this.texts.load(missing);
    for (const info of missing) {
      const text = texts.get(info.id);
      if (text !== undefined) this.remember(info, text);
    }
  }

  /** Whether texts must be read ahead with loadTexts (a database): callers can skip working out which. */
  get readsAhead(): boolean {
    return !this.texts.readSync;
  }

  /** Letters whose text is in memory now: all of them when they came with it, else those cached. */
  get textsInMemory(): number {
    return this.texts.held?.() ?? this.cache.size;
  }

  chunksOf(letterId: string): readonly ChunkRecord[] {
    return this.chunksByLetter.get(letterId) ?? [];
  }

  private remember(info: LetterInfo, text: string): Letter {
    const letter: Letter = { ...info, text };
    this.cache.set(info.id, letter);
    return letter;
  }
}

function textsOf(letters: readonly (Letter | LetterInfo)[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const l of letters) if ('text' in l && typeof l.text === 'string') texts.set(l.id, l.text);
  return texts;
}

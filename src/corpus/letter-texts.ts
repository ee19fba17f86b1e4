import type { LetterInfo } from './letter.js';

/**
 * Where a letter's text comes from when it is needed: the corpus folder (read and checked against
 * the indexed hash), memory (tests, in-memory libraries) or a database. `readSync` serves the
 * synchronous paths that cut quotes (small local files); a source without it (a database) is
 * read ahead with `load` before the text is used (Library.loadTexts).
 */
export interface LetterTextSource {
  /** The text of the letter as indexed; throws TextUnavailableError when it cannot be had. */
  readSync?(letter: LetterInfo): string;
  /** The texts of several letters at once, by id. */
  load(letters: readonly LetterInfo[]): Promise<Map<string, string>>;
  /** How many texts the source itself keeps in memory, when it keeps them all (MemoryTexts). */
  held?(): number;
}

/** A letter's text could not be read, or is no longer the text the index was built from. */
export class TextUnavailableError extends Error {
  constructor(
    readonly letterId: string,
    reason: string,
  ) {
    super(`the text of letter "${letterId}" is unavailable: ${reason}`);
    this.name = 'TextUnavailableError';
  }
}

/** Texts held in memory, by letter id. */
export class MemoryTexts implements LetterTextSource {
  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  readSync(letter: LetterInfo): string {
    const text = this.texts.get(letter.id);
    if (text === undefined) throw new TextUnavailableError(letter.id, 'not held in memory');
    return text;
  }

  async load(letters: readonly LetterInfo[]): Promise<Map<string, string>> {
    return new Map(letters.map((l) => [l.id, this.readSync(l)]));
  }

  held(): number {
    return this.texts.size;
  }
}

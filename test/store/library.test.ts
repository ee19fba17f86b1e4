import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { type Letter, type LetterInfo, letterInfo } from '../../src/corpus/letter.js';
import { type LetterTextSource, TextUnavailableError } from '../../src/corpus/letter-texts.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { embedLetters } from '../../src/store/embed-letters.js';
import { Library } from '../../src/store/library.js';
import { seedLetters } from '../support/store-fixtures.js';

/** A text source that counts its reads; `sync: false` stands for a database. */
function countingSource(letters: Letter[], sync = true) {
  const reads: string[] = [];
  const text = (l: LetterInfo) => {
    reads.push(l.id);
    return (letters.find((x) => x.id === l.id) as Letter).text;
  };
  const source: LetterTextSource = {
    ...(sync ? { readSync: text } : {}),
    load: async (ls) => new Map(ls.map((l) => [l.id, text(l)])),
  };
  return { source, reads };
}

describe('Library letter texts', () => {
  it('keeps metadata for every letter and reads a text only when a letter is asked for, once while cached', async () => {
    const letters = await seedLetters();
    const index = await embedLetters(letters, new HashingEmbedder(), DEFAULT_CHUNK_OPTIONS);
    const { source, reads } = countingSource(letters);
    const library = new Library(letters.map(letterInfo), index, [], { texts: source, textCacheLetters: 1 });
    expect(library.letters.map((l) => l.id).sort()).toEqual(letters.map((l) => l.id).sort());
    expect(library.letters.every((l) => !('text' in l))).toBe(true);
    expect(reads).toEqual([]);

    const [a, b] = library.letters as [LetterInfo, LetterInfo];
    expect(library.letter(a.id)?.text).toBe(letters.find((l) => l.id === a.id)?.text);
    library.letter(a.id);
    expect(reads).toEqual([a.id]);
    // A cache of one letter: asking for the other evicts the first.
    library.letter(b.id);
    library.letter(a.id);
    expect(reads).toEqual([a.id, b.id, a.id]);
    expect(library.letter('no-such-letter')).toBeUndefined();
    expect(library.info(a.id)).toEqual(a);
  });

  it('asks a source without synchronous reads (a database) to load texts first, and says so when it was not', async () => {
    const letters = await seedLetters();
    const index = await embedLetters(letters, new HashingEmbedder(), DEFAULT_CHUNK_OPTIONS);
    const { source, reads } = countingSource(letters, false);
    const library = new Library(letters.map(letterInfo), index, [], { texts: source });
    const id = (letters[0] as Letter).id;
    expect(() => library.letter(id)).toThrow(TextUnavailableError);
    await library.loadTexts([id, id]);
    await library.loadTexts([id]);
    expect(reads).toEqual([id]);
    expect(library.letter(id)?.text).toBe((letters[0] as Letter).text);
  });

  it('keeps the texts of letters given with their text, as before', async () => {
    const letters = await seedLetters();
    const library = new Library(letters, await embedLetters(letters, new HashingEmbedder(), DEFAULT_CHUNK_OPTIONS));
    for (const l of letters) expect(library.letter(l.id)?.text).toBe(l.text);
  });
});

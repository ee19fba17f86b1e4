import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { type Letter, letterInfo } from '../../src/corpus/letter.js';
import { TextUnavailableError } from '../../src/corpus/letter-texts.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { LocalCandidates } from '../../src/retrieve/candidate-source.js';
import { Retriever } from '../../src/retrieve/retriever.js';
import { SparseIndex } from '../../src/retrieve/sparse-index.js';
import { ChunkLayout } from '../../src/store/chunk-layout.js';
import type { ChunkRecord } from '../../src/store/chunk-record.js';
import { embedLetters } from '../../src/store/embed-letters.js';
import { type LetterChunkSource, Library, type LoadedLetter } from '../../src/store/library.js';
import { LoadedIndex } from '../../src/store/loaded-index.js';
import { indexTerms } from '../../src/text/analyze.js';
import { extraLetter, seedLetters } from '../support/store-fixtures.js';

describe('ChunkLayout', () => {
  const layout = new ChunkLayout([
    { id: 'a', chunks: 3 },
    { id: 'empty', chunks: 0 },
    { id: 'b', chunks: 2 },
    { id: 'c', chunks: 1 },
  ]);

  it('places paragraph n of a letter at its base + n - 1, and finds the letter of any position', () => {
    expect(layout.total).toBe(6);
    expect([layout.position('a', 1), layout.position('a', 3), layout.position('b', 1), layout.position('b', 2), layout.position('c', 1)]).toEqual([0, 2, 3, 4, 5]);
    expect([0, 1, 2, 3, 4, 5].map((i) => layout.letterAt(i))).toEqual(['a', 'a', 'a', 'b', 'b', 'c']);
    expect(layout.positionsOf('b')).toEqual([3, 4]);
    expect(layout.positionsOf('empty')).toEqual([]);
    expect([layout.count('a'), layout.count('empty'), layout.count('nope')]).toEqual([3, 0, 0]);
  });

  it('holds no position outside a letter’s paragraphs or the index', () => {
    expect([layout.position('a', 0), layout.position('a', 4), layout.position('empty', 1), layout.position('nope', 1), layout.position('a', 1.5)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([layout.letterAt(-1), layout.letterAt(6), layout.letterAt(0.5)]).toEqual([undefined, undefined, undefined]);
    expect(
      () =>
        new ChunkLayout([
          { id: 'a', chunks: 1 },
          { id: 'a', chunks: 1 },
        ]),
    ).toThrow(/twice/);
  });
});

/** A database stand-in: gives a letter's text and chunk records together, counting what it was asked. */
function chunkSource(letters: Letter[], chunks: readonly ChunkRecord[], tamper?: (id: string, list: ChunkRecord[]) => ChunkRecord[]) {
  const asked: string[] = [];
  const source: LetterChunkSource = {
    loadWithChunks: async (infos) => {
      asked.push(...infos.map((l) => l.id));
      return new Map(
        infos.map((l): [string, LoadedLetter] => {
          const list = chunks.filter((c) => c.letterId === l.id);
          return [l.id, { text: (letters.find((x) => x.id === l.id) as Letter).text, chunks: tamper ? tamper(l.id, list) : list }];
        }),
      );
    },
  };
  return { source, asked };
}

/** The same letters indexed in memory (every record) and as a database's index (layout only), positions alike. */
async function bothWays() {
  const [a, b] = await seedLetters();
  const letters = [a as Letter, b as Letter, extraLetter(a as Letter)].sort((x, y) => x.id.localeCompare(y.id));
  const embedder = new HashingEmbedder();
  const full = await embedLetters(letters, embedder, DEFAULT_CHUNK_OPTIONS);
  const layout = new ChunkLayout(letters.map((l) => ({ id: l.id, chunks: full.chunks.filter((c) => c.letterId === l.id).length })));
  const lazyIndex = LoadedIndex.withoutVectors(full.manifest, null, layout);
  const eager = new Library(letters, full);
  return { letters, embedder, full, layout, lazyIndex, eager };
}

describe('a Library over an index without its chunk records (a database)', () => {
  it('knows every position and paragraph count without a record, and reads a letter’s records with its text, once while cached', async () => {
    const { letters, full, lazyIndex, eager } = await bothWays();
    const { source, asked } = chunkSource(letters, full.chunks);
    const lazy = new Library(letters.map(letterInfo), lazyIndex, [], { texts: { load: async () => new Map() }, chunks: source });
    expect(() => lazyIndex.chunks).toThrow(/stay in the database/);
    expect(lazy.chunkCount).toBe(full.chunks.length);
    expect(lazy.chunksInMemory).toBe(0);
    expect(lazy.readsAhead).toBe(true);
    for (let i = 0; i < full.chunks.length; i++) expect(lazy.letterIdAt(i)).toBe(full.chunks[i]?.letterId);
    for (const l of letters) {
      expect(lazy.paragraphCount(l.id)).toBe(eager.paragraphCount(l.id));
      expect(lazy.positionsOf(l.id)).toEqual(eager.positionsOf(l.id));
    }
    expect(asked).toEqual([]);

    const id = (letters[1] as Letter).id;
    const at = lazy.positionsOf(id)[0] as number;
    expect(() => lazy.chunk(at)).toThrow(TextUnavailableError);
    expect(() => lazy.chunksOf(id)).toThrow(TextUnavailableError);
    expect(() => lazy.letter(id)).toThrow(TextUnavailableError);
    await lazy.loadTexts([id, id]);
    await lazy.loadTexts([id]);
    expect(asked).toEqual([id]);
    expect(lazy.chunksOf(id)).toEqual(eager.chunksOf(id));
    for (const i of lazy.positionsOf(id)) expect(lazy.chunk(i)).toEqual(full.chunks[i]);
    expect(lazy.letter(id)?.text).toBe(eager.letter(id)?.text);
    expect(lazy.chunksInMemory).toBe(eager.paragraphCount(id));
    expect(lazy.chunksInMemory).toBeLessThan(lazy.chunkCount);
    expect(lazy.chunk(full.chunks.length)).toBeUndefined();
    expect(lazy.chunksOf('no-such-letter')).toEqual([]);
  });

  it('refuses a letter whose paragraphs are not the ones the served index placed', async () => {
    const { letters, full, lazyIndex } = await bothWays();
    const id = (letters[0] as Letter).id;
    const dropped = chunkSource(letters, full.chunks, (l, list) => (l === id ? list.slice(1) : list));
    const lazy = new Library(letters.map(letterInfo), lazyIndex, [], { texts: { load: async () => new Map() }, chunks: dropped.source });
    await expect(lazy.loadTexts([id])).rejects.toThrow(/paragraphs have changed/);
    const renumbered = chunkSource(letters, full.chunks, (l, list) => (l === id ? list.map((c) => ({ ...c, n: c.n + 1 })) : list));
    const again = new Library(letters.map(letterInfo), lazyIndex, [], { texts: { load: async () => new Map() }, chunks: renumbered.source });
    await expect(again.loadTexts([id])).rejects.toThrow(/paragraphs have changed/);
    expect(() => new Library(letters.map(letterInfo), lazyIndex)).toThrow(/LibraryOptions.chunks/);
  });

  it('ranks scoped grade, summary and who-signed questions as the in-memory index does, reading only the letters they name', async () => {
    const { letters, embedder, full, lazyIndex, eager } = await bothWays();
    const local = new Retriever(eager, embedder);
    // Candidates and statistics as the in-memory index gives them, so only the chunk records' source differs.
    const sparse = new SparseIndex(full.chunks.map((c) => ({ terms: indexTerms(eager.letter(c.letterId)?.text.slice(c.start, c.end) ?? ''), section: c.section })));
    const { source, asked } = chunkSource(letters, full.chunks);
    const lazy = new Library(letters.map(letterInfo), lazyIndex, [], { texts: { load: async () => new Map() }, chunks: source });
    const remote = new Retriever(lazy, embedder, new LocalCandidates(eager, sparse), { stats: local.stats, bodyStats: local.bodyStats });
    const [older, newer] = letters.filter((l) => l.id.startsWith('croydon')) as [Letter, Letter];
    const cases = [
      { query: 'What grade did Croydon get?', k: 8 },
      { query: 'What grade did Croydon get?', k: 8, letterIds: [older.id] },
      { query: 'Summarise the letter', k: 8, letterIds: [newer.id] },
      { query: 'What needs to improve?', k: 8, letterIds: [older.id, newer.id] },
      { query: 'Who signed the letter?', k: 5, letterIds: [newer.id] },
      { query: 'Who was the letter addressed to?', k: 5, letterIds: [older.id] },
      { query: 'social workers caseloads', k: 10 },
    ];
    for (const req of cases) {
      const [a, b] = [await remote.rank(req), await local.rank(req)];
      expect(
        a.map((r) => [r.index, r.chunk.id, r.score]),
        req.query,
      ).toEqual(b.map((r) => [r.index, r.chunk.id, r.score]));
    }
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked).size).toBe(asked.length);
  });
});

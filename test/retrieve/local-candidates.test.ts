import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import type { Letter } from '../../src/corpus/letter.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { LocalCandidates } from '../../src/retrieve/candidate-source.js';
import { SparseIndex } from '../../src/retrieve/sparse-index.js';
import { embedLetters } from '../../src/store/build-index.js';
import { Library } from '../../src/store/library.js';
import { indexTerms } from '../../src/text/analyze.js';

describe('LocalCandidates with filters', () => {
  it('gives the filtered full scan’s candidates whether it scores a few letters’ rows alone or filters the whole scan', async () => {
    // Twelve letters (the seeds under other ids and dates), so one letter is a small share of the rows.
    const seeds = (await loadCorpus('corpus')).letters;
    const letters: Letter[] = Array.from({ length: 12 }, (_, i) => {
      const seed = seeds[i % seeds.length] as Letter;
      return { ...seed, id: `${seed.id}-copy-${i}`, file: `copy-${i}-${seed.file}`, date: `20${10 + i}-05-01` };
    });
    const embedder = new HashingEmbedder(256);
    const index = await embedLetters(letters, embedder, DEFAULT_CHUNK_OPTIONS);
    const library = new Library(letters, index);
    const sparse = new SparseIndex(index.chunks.map((c) => ({ terms: indexTerms(library.letter(c.letterId)?.text.slice(c.start, c.end) ?? ''), section: c.section })));
    const local = new LocalCandidates(library, sparse);
    const one = letters[5] as Letter;
    const cases = [
      { filters: { letterIds: [one.id] }, keep: (id: string) => id === one.id },
      { filters: { letterIds: [one.id, (letters[9] as Letter).id] }, keep: (id: string) => id === one.id || id === (letters[9] as Letter).id },
      { filters: { from: '2012-01-01' }, keep: (id: string) => (library.info(id)?.date ?? '') >= '2012-01-01' },
    ];
    for (const question of ['How well are social workers supervised?', 'What did inspectors find about caseloads and management oversight?']) {
      const vector = await embedder.embedQuery(question, () => 1);
      for (const { filters, keep } of cases) {
        const accept = (i: number) => keep(index.chunks[i]?.letterId as string);
        const dense = await local.dense(vector, 20, filters);
        expect(dense.length).toBeGreaterThan(0);
        expect(dense).toEqual(index.nearest(vector, 20, accept));
        expect(await local.sparse(question, 20, filters)).toEqual(sparse.query(question, 20, accept));
      }
      expect(await local.dense(vector, 20, {})).toEqual(index.nearest(vector, 20));
    }
  });
});

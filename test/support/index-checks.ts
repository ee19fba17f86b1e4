import { expect } from 'vitest';
import type { ChunkOptions } from '../../src/chunk/chunk.js';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';
import { type Letter, metadataOf } from '../../src/corpus/letter.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { loadCurrentIndex } from '../../src/store/build-index.js';
import { IndexFiles } from '../../src/store/index-files.js';
import type { LoadedIndex } from '../../src/store/loaded-index.js';
import { CODE_POWER } from '../../src/store/vector-matrix.js';

/** The index CURRENT points at, as a fresh process would load it; fails the test if there is none. */
export async function loadLiveIndex(indexDir: string): Promise<LoadedIndex> {
  const index = await loadCurrentIndex(new IndexFiles(indexDir));
  expect(index, `a loadable index in ${indexDir}`).not.toBeNull();
  return index as LoadedIndex;
}

/**
 * Asserts the index holds exactly these letters, each with every chunk the chunker gives it
 * (same offsets and numbers), and that each stored vector is what the embedder makes of it.
 */
export async function expectCompleteIndex(index: LoadedIndex, letters: Letter[], embedder: Embedder, chunkOptions: ChunkOptions): Promise<void> {
  expect(Object.keys(index.manifest.letters).sort()).toEqual(letters.map((l) => l.id).sort());
  expect(index.manifest.chunkCount).toBe(index.chunks.length);
  const expected = letters.flatMap((l) =>
    chunkLetter(l.text, chunkOptions).chunks.map((c) => ({ letterId: l.id, n: c.n, start: c.start, end: c.end, section: c.section, kind: c.kind })),
  );
  const stored = index.chunks.map((c) => ({ letterId: c.letterId, n: c.n, start: c.start, end: c.end, section: c.section, kind: c.kind }));
  // A letter's chunks are contiguous and in order; letters added since the last full build come
  // after the others (an appended segment), so compare letter by letter.
  const byLetter = (rows: typeof stored) => {
    const out = new Map<string, typeof stored>();
    rows.forEach((r, i) => {
      const mine = out.get(r.letterId);
      if (mine) expect(rows[i - 1]?.letterId, `chunks of ${r.letterId} are contiguous`).toBe(r.letterId);
      if (mine) mine.push(r);
      else out.set(r.letterId, [r]);
    });
    return out;
  };
  expect(stored).toHaveLength(expected.length);
  const want = byLetter(expected);
  const got = byLetter(stored);
  for (const [id, rows] of want) expect(got.get(id), id).toEqual(rows);
  for (const l of letters) {
    expect(index.manifest.letters[l.id]).toMatchObject({ sha256: l.sha256, file: l.file, chunks: expected.filter((c) => c.letterId === l.id).length, metadata: metadataOf(l) });
  }

  // Spot-check vectors: first and last chunk of every letter.
  for (const l of letters) {
    const rows = index.chunks.flatMap((c, i) => (c.letterId === l.id ? [i] : []));
    for (const i of [rows[0], rows.at(-1)]) {
      if (i === undefined) continue;
      const c = index.chunks[i];
      if (!c) continue;
      const [want] = await embedder.embed([l.text.slice(c.start, c.end)]);
      // Stored as companded int8 with a per-vector scale: each value within half a code's step of
      // the float one, which the companding widens to at most 1 / (2 · CODE_POWER) of a linear step.
      const got = index.vector(i);
      const step = (index.matrix.scales[i] as number) / CODE_POWER;
      expect(got.length).toBe(want?.length);
      (want ?? []).forEach((x, j) => {
        expect(Math.abs((got[j] as number) - x)).toBeLessThanOrEqual(step / 2 + 1e-6);
      });
    }
  }
}

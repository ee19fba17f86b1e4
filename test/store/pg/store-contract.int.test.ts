import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Letter } from '../../../src/corpus/letter.js';
import { parseLetterFile } from '../../../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../../../src/embed/hashing-embedder.js';
import { type Backend, localBackend, pgliteBackend, serverBackend } from '../../support/pg-backends.js';
import { extraLetter, seedLetters } from '../../support/store-fixtures.js';

const embedder = new HashingEmbedder(64);
const backends: (() => Backend)[] = [localBackend, pgliteBackend];
if (process.env.PG_TEST_URL) backends.push(() => serverBackend(process.env.PG_TEST_URL as string));
else console.warn('PG_TEST_URL is not set: the store contract runs in memory and on PGlite only, not against a Postgres server');

function changed(letter: Letter): Letter {
  const parsed = parseLetterFile(letter.file, Buffer.from(`${letter.text}\n\nA paragraph added on a later edit, about the fostering panel.\n`));
  if ('reason' in parsed) throw new Error(parsed.reason);
  return parsed;
}

const ids = (chunks: readonly { id: string }[]) => chunks.map((c) => c.id).sort();

describe.each(backends)('store contract', (make) => {
  const backend = make();
  let letters: Letter[];
  beforeAll(async () => {
    letters = await seedLetters();
  });
  beforeEach(() => backend.reset());
  afterAll(() => backend.close());

  it(`${backend.name}: builds, reuses, then adds, changes and removes letters incrementally`, async () => {
    const [a, b] = letters as [Letter, Letter];
    const first = await backend.build([a, b], embedder);
    expect(first.result).toMatchObject({ action: 'full', embeddedLetters: 2 });
    expect(first.result.index.manifest.embedder).toEqual({ id: embedder.id, dimensions: 64 });
    const again = await backend.build([a, b], embedder);
    expect(again.result).toMatchObject({ action: 'reused', embeddedLetters: 0, reusedLetters: 2 });
    expect(ids(again.result.index.chunks)).toEqual(ids(first.result.index.chunks));

    const extra = extraLetter(a);
    const b2 = changed(b);
    const next = await backend.build([b2, extra], embedder);
    expect(next.result).toMatchObject({ action: 'incremental', embeddedLetters: 2, reusedLetters: 0, removedLetters: 1 });
    expect(Object.keys(next.result.index.manifest.letters).sort()).toEqual([b2.id, extra.id].sort());
    expect(next.result.index.manifest.letters[b2.id]?.sha256).toBe(b2.sha256);
    expect(next.result.index.chunks.some((c) => c.letterId === a.id)).toBe(false);

    const { retriever } = next;
    // Appended paragraphs follow the sign-off (closing matter, weighed down), so look a little deeper than the top hit.
    const added = await retriever.search({ query: 'a closing paragraph that only the extra letter has', k: 10 });
    expect(added.some((h) => h.letterId === extra.id && h.text.includes('only the extra letter has'))).toBe(true);
    const edited = await retriever.search({ query: 'a paragraph added on a later edit about the fostering panel', k: 10 });
    expect(edited.some((h) => h.letterId === b2.id && h.text.includes('added on a later edit'))).toBe(true);
    const all = await retriever.search({ query: 'monitoring visit social workers caseloads', k: 50 });
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((h) => h.letterId !== a.id)).toBe(true);
  });

  it(`${backend.name}: rebuilds everything when the embedder changes, and searches with the new one`, async () => {
    await backend.build(letters, embedder);
    const other = new HashingEmbedder(32);
    const rebuilt = await backend.build(letters, other);
    expect(rebuilt.result).toMatchObject({ action: 'full', embeddedLetters: 2 });
    expect(rebuilt.result.index.manifest.embedder).toEqual({ id: other.id, dimensions: 32 });
    const hits = await rebuilt.retriever.search({ query: 'staff vacancy rate', k: 3 });
    expect(hits[0]?.text).toMatch(/vacancy rate/i);
  });

  it(`${backend.name}: filters by letter and by date inside the search`, async () => {
    const { library, retriever } = await backend.build(letters, embedder);
    const [older, newer] = [...library.letters] as [Letter, Letter];
    const q = 'caseloads and the quality of social work practice';
    const byId = await retriever.search({ query: q, k: 20, letterIds: [newer.id] });
    expect(byId.length).toBeGreaterThan(0);
    expect(byId.every((h) => h.letterId === newer.id)).toBe(true);
    const byDate = await retriever.search({ query: q, k: 20, to: older.date as string });
    expect(byDate.length).toBeGreaterThan(0);
    expect(byDate.every((h) => h.letterId === older.id)).toBe(true);
    expect(await retriever.search({ query: q, k: 20, from: '2030-01-01' })).toEqual([]);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Letter } from '../../../src/corpus/letter.js';
import { TextUnavailableError } from '../../../src/corpus/letter-texts.js';
import { parseLetterFile } from '../../../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../../../src/embed/hashing-embedder.js';
import type { Retriever } from '../../../src/retrieve/retriever.js';
import type { Library } from '../../../src/store/library.js';
import { RETIRED_VERSIONS_KEPT_SECONDS } from '../../../src/store/pg/letter-versions.js';
import { type Backend, pgliteBackend, serverBackend } from '../../support/pg-backends.js';
import { extraLetter, seedLetters } from '../../support/store-fixtures.js';

/**
 * A server keeps answering from the state it read while other processes replace and delete
 * letters: each backend.build is one indexer run, and the Library and Retriever it returns are
 * what a server that read the database just then serves (texts, chunk records and search by the
 * versions it placed).
 */
const embedder = new HashingEmbedder(64);
const backends: (() => Backend)[] = [pgliteBackend];
if (process.env.PG_TEST_URL) backends.push(() => serverBackend(process.env.PG_TEST_URL as string));

const ID = 'harrow-2021-03-04';
const letterOf = (body: string): Letter => {
  const parsed = parseLetterFile(
    `${ID}.md`,
    Buffer.from(`# Monitoring visit to Harrow children's services\n\n4 March 2021\n\nDear Ms Example\n\n${body}\n\nYours sincerely\n\nJane Example\nHis Majesty's Inspector\n`),
  );
  if ('reason' in parsed) throw new Error(parsed.reason);
  return parsed;
};
const FIRST = letterOf(
  'This letter summarises the monitoring visit to Harrow on 2 and 3 March 2021.\n\nThe borough has recruited fourteen new approved mental health professionals this winter.',
);
const SECOND = letterOf(
  'This letter summarises the monitoring visit to Harrow on 2 and 3 March 2021, as corrected.\n\nLeaders have opened a second residential home for disabled children.\n\nThe quality of supervision for newly qualified social workers has improved.',
);
const ABOUT_FIRST = 'approved mental health professionals recruited this winter';
const ABOUT_SECOND = 'a second residential home for disabled children';

describe.each(backends)('letter versions kept for servers that have not yet taken a write in', (make) => {
  const backend = make();
  const db = backend.db as NonNullable<Backend['db']>;
  let seeds: Letter[];
  beforeAll(async () => {
    seeds = await seedLetters();
  });
  beforeEach(() => backend.reset());
  afterAll(() => backend.close());

  /** The served letter's hits for a question: each one's text as the served library quotes it. */
  const hitsOf = async (served: { retriever: Retriever; library: Library }, query: string, filters = {}) => {
    const hits = (await served.retriever.search({ query, k: 10, ...filters })).filter((h) => h.letterId === ID);
    await served.library.loadTexts(hits.map((h) => h.letterId));
    for (const h of hits) expect(h.text).toBe(served.library.letter(ID)?.text.slice(h.start, h.end));
    return hits.map((h) => h.text);
  };
  const kept = async () =>
    (
      await db.query<{ n: number }>(
        'SELECT (SELECT count(*) FROM retired_letters)::int + (SELECT count(*) FROM retired_chunks)::int + (SELECT count(*) FROM retired_postings)::int AS n',
      )
    ).rows[0]?.n;

  it(`${backend.name}: a server that read the first version keeps reading and searching it after a replace and a delete; one that read the second, the second`, async () => {
    const first = await backend.build([...seeds, FIRST], embedder);
    const second = await backend.build([...seeds, SECOND], embedder);
    expect(second.result.embeddedLetters).toBe(1);
    expect(first.library.paragraphCount(ID)).not.toBe(second.library.paragraphCount(ID));

    // The server that read the first version: its text, its paragraphs, its vectors and postings.
    await first.library.loadTexts([ID]);
    expect(first.library.letter(ID)?.text).toBe(FIRST.text);
    expect(first.library.chunksOf(ID)).toHaveLength(first.library.paragraphCount(ID));
    expect((await hitsOf(first, ABOUT_FIRST)).some((t) => t.includes('fourteen new approved mental health professionals'))).toBe(true);
    expect((await hitsOf(first, ABOUT_FIRST, { letterIds: [ID] })).some((t) => t.includes('fourteen new'))).toBe(true);
    expect((await hitsOf(first, ABOUT_FIRST, { from: '2021-01-01' })).some((t) => t.includes('fourteen new'))).toBe(true);
    expect((await hitsOf(first, ABOUT_SECOND)).some((t) => t.includes('residential home'))).toBe(false);
    // The server that read the second: only the second.
    expect((await hitsOf(second, ABOUT_SECOND)).some((t) => t.includes('second residential home'))).toBe(true);
    expect((await hitsOf(second, ABOUT_FIRST)).some((t) => t.includes('mental health'))).toBe(false);

    const gone = await backend.build(seeds, embedder);
    expect(gone.result.removedLetters).toBe(1);
    expect(await hitsOf(gone, ABOUT_SECOND)).toEqual([]);
    expect(gone.library.info(ID)).toBeUndefined();
    // Both earlier servers still serve the version they read.
    expect((await hitsOf(first, ABOUT_FIRST)).some((t) => t.includes('fourteen new'))).toBe(true);
    expect((await hitsOf(second, ABOUT_SECOND, { letterIds: [ID] })).some((t) => t.includes('second residential home'))).toBe(true);
    const fresh = await backend.build(seeds, embedder);
    expect(fresh.result.action).toBe('reused');
    expect((await fresh.retriever.search({ query: ABOUT_FIRST, k: 10 })).every((h) => h.letterId !== ID)).toBe(true);
  });

  it(`${backend.name}: kept versions go after ${RETIRED_VERSIONS_KEPT_SECONDS / 60} minutes (at the next write), and with a rebuild; a server still on one is then refused its text`, async () => {
    const first = await backend.build([...seeds, FIRST], embedder);
    await backend.build([...seeds, SECOND], embedder);
    expect(await kept()).toBeGreaterThan(0);
    // Not yet old enough: the next write keeps it.
    await backend.build([...seeds, SECOND, extraLetter(seeds[0] as Letter)], embedder);
    expect((await db.query('SELECT 1 FROM retired_letters')).rows).toHaveLength(1);
    await db.query(`UPDATE retired_letters SET retired_at = now() - make_interval(secs => $1)`, [RETIRED_VERSIONS_KEPT_SECONDS + 1]);
    await backend.build([...seeds, SECOND], embedder);
    // The write removed the extra letter (kept now) and dropped the aged version with its vectors and postings.
    expect((await db.query<{ id: string }>('SELECT id FROM retired_letters')).rows.map((r) => r.id)).toEqual(['extra-2020-01-01']);
    expect((await db.query('SELECT 1 FROM retired_chunks rc JOIN retired_letters r ON r.key = rc.letter_key WHERE r.id = $1', [ID])).rows).toEqual([]);
    expect(await hitsOf(first, ABOUT_FIRST)).toEqual([]);
    await expect(first.library.loadTexts([ID])).rejects.toThrow(TextUnavailableError);

    await backend.build([...seeds, FIRST], embedder);
    expect(await kept()).toBeGreaterThan(0);
    await backend.build([...seeds, FIRST], new HashingEmbedder(32));
    expect(await kept()).toBe(0);
  });
});

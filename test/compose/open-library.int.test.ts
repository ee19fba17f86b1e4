import { copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/compose/build-server.js';
import { openLibrary } from '../../src/compose/open-library.js';
import { TextUnavailableError } from '../../src/corpus/letter-texts.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { snapshotOf } from '../../src/serving/snapshot.js';
import { testConfig } from '../support/test-server.js';

const HOUR_AGO = new Date(Date.now() - 3_600_000);
const FILES = ['croydon-2018-08-02.txt', 'croydon-2019-12-18.md'];

describe('openLibrary over index/ on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'open-library-'));
    await mkdir(path.join(dir, 'corpus'));
    for (const f of FILES) {
      await copyFile(path.join('corpus', f), path.join(dir, 'corpus', f));
      await utimes(path.join(dir, 'corpus', f), HOUR_AGO, HOUR_AGO);
    }
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const open = () => openLibrary(testConfig({ CORPUS_DIR: path.join(dir, 'corpus'), INDEX_DIR: path.join(dir, 'index') }), new HashingEmbedder(), { log: () => {} });

  it('reads unchanged letters from the manifest at start and their text when it is needed, checked against the index', async () => {
    const first = await open();
    expect(first.build.action).toBe('full');
    const second = await open();
    expect(second.build.action).toBe('reused');
    expect(second.library.letters).toEqual(first.library.letters);

    // Same size and mtime, other bytes: start-up does not read the file, so the letter is still listed;
    // its text is refused when needed, because its offsets would no longer be the index's.
    const file = path.join(dir, 'corpus', 'croydon-2019-12-18.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('Croydon', 'Crxydon'));
    await utimes(file, HOUR_AGO, HOUR_AGO);
    const third = await open();
    expect(third.build.action).toBe('reused');
    expect(() => third.library.letter('croydon-2019-12-18')).toThrow(TextUnavailableError);
    expect(third.library.letter('croydon-2018-08-02')?.text).toBe(await readFile(path.join('corpus', 'croydon-2018-08-02.txt'), 'utf8'));

    // Over HTTP the letter page says so with a 503, not a stack trace; search still runs (no text is read to start).
    const config = testConfig({ CORPUS_DIR: path.join(dir, 'corpus'), INDEX_DIR: path.join(dir, 'index') });
    const { app } = await buildServer(config, { snapshot: snapshotOf(third.library, new HashingEmbedder()) });
    const res = await app.request('/api/letters/croydon-2019-12-18');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_ready');

    // A real edit changes the mtime: the letter is read, hashed and re-embedded.
    await writeFile(file, `${text}\nA closing paragraph about caseloads.\n`);
    const fourth = await open();
    expect(fourth.build.action).toBe('incremental');
    expect(fourth.build.embeddedLetters).toBe(1);
    expect(fourth.library.letter('croydon-2019-12-18')?.text).toContain('A closing paragraph about caseloads.');
  });
});

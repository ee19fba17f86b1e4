import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { letterIdFromFile, loadCorpus } from '../../src/corpus/load-corpus.js';
import { copySeeds, SEED_2018, SEED_2019, useTempDirs } from '../support/temp-corpus.js';

describe('corpus loading', () => {
  const tempDir = useTempDirs();

  it('loads the seeds byte-for-byte, sorted by date, with ids from their file names', async () => {
    const dir = await tempDir('corpus');
    await copySeeds(dir);
    const { letters, problems } = await loadCorpus(dir);
    expect(problems).toEqual([]);
    expect(letters.map((l) => [l.id, l.file, l.date])).toEqual([
      ['croydon-2018-08-02', SEED_2018, '2018-08-02'],
      ['croydon-2019-12-18', SEED_2019, '2019-12-18'],
    ]);
    for (const l of letters) {
      const bytes = await readFile(path.join(dir, l.file));
      expect(Buffer.from(l.text, 'utf8').equals(bytes)).toBe(true);
      expect(l.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('refuses non-UTF-8 and empty files, naming each, and still loads the other letters', async () => {
    const dir = await tempDir('corpus');
    await copySeeds(dir);
    await writeFile(path.join(dir, 'latin1-letter.txt'), Buffer.from('Dear Sir\n\nCaf\xe9 r\xe9sum\xe9 na\xefve.\n', 'latin1'));
    await writeFile(path.join(dir, 'empty.md'), '');
    await writeFile(path.join(dir, 'blank.txt'), ' \n\t\r\n');
    await writeFile(path.join(dir, 'notes.json'), '{}'); // not a letter extension: ignored
    const { letters, problems } = await loadCorpus(dir);
    expect(letters.map((l) => l.id)).toEqual(['croydon-2018-08-02', 'croydon-2019-12-18']);
    expect(problems).toEqual([
      { file: 'blank.txt', reason: expect.stringMatching(/empty/) },
      { file: 'empty.md', reason: expect.stringMatching(/empty/) },
      { file: 'latin1-letter.txt', reason: expect.stringMatching(/UTF-8/) },
    ]);
  });

  it('keeps a UTF-8 BOM in the text so offsets still index the file', async () => {
    const dir = await tempDir('corpus');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Dear Ms Smith\n\nA short letter about plans.\n')]);
    await writeFile(path.join(dir, 'bom.txt'), bytes);
    const [letter] = (await loadCorpus(dir)).letters;
    expect(letter && Buffer.from(letter.text, 'utf8').equals(bytes)).toBe(true);
  });

  it('derives stable ids from file names, whatever the load order', async () => {
    expect(letterIdFromFile('Croydon 2019-12-18.md')).toBe('croydon-2019-12-18');
    expect(letterIdFromFile('  Kent__Visit (3).TXT')).toBe('kent-visit-3');
    const dir = await tempDir('corpus');
    await copySeeds(dir);
    const first = (await loadCorpus(dir)).letters.map((l) => `${l.id}:${l.sha256}`);
    await writeFile(path.join(dir, 'aaa-first.txt'), 'Dear Ms Smith\n\nAnother letter about plans for children.\n');
    const second = (await loadCorpus(dir)).letters.map((l) => `${l.id}:${l.sha256}`);
    expect(second).toEqual(expect.arrayContaining(first));
    // Renaming a file renames its letter; an id clash is refused, naming the file.
    await rename(path.join(dir, 'aaa-first.txt'), path.join(dir, 'Croydon 2018-08-02.md'));
    const clash = await loadCorpus(dir);
    expect(clash.problems).toEqual([{ file: SEED_2018, reason: expect.stringContaining('Croydon 2018-08-02.md') }]);
  });
});

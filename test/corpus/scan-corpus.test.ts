import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { letterInfo } from '../../src/corpus/letter.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { type KnownCorpus, type ScannedCorpus, scanCorpus } from '../../src/corpus/scan-corpus.js';

const HOUR_AGO = new Date(Date.now() - 3_600_000);

function knownFrom(scan: ScannedCorpus, stampedAt = Date.now()): KnownCorpus {
  return {
    files: new Map(scan.letters.map((l) => [l.file, { ...(scan.stamps.get(l.id) as { size: number; mtimeMs: number }), info: l }])),
    stampedAt,
  };
}

describe('scanCorpus', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scan-corpus-'));
    for (const f of ['croydon-2018-08-02.txt', 'croydon-2019-12-18.md']) {
      await writeFile(path.join(dir, f), await readFile(path.join('corpus', f)));
      await utimes(path.join(dir, f), HOUR_AGO, HOUR_AGO);
    }
    await writeFile(path.join(dir, 'empty.txt'), '  ');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('with nothing known, reads every file and gives what loadCorpus gives, without the text', async () => {
    const [scan, loaded] = await Promise.all([scanCorpus(dir), loadCorpus(dir)]);
    expect(scan.letters).toEqual(loaded.letters.map(letterInfo));
    expect([...scan.read.values()]).toEqual(expect.arrayContaining(loaded.letters));
    expect(scan.read.size).toBe(2);
    expect(scan.problems).toEqual(loaded.problems);
    expect(scan.letters.every((l) => !('text' in l))).toBe(true);
  });

  it('takes a file whose size and mtime are unchanged from what is known, without reading it', async () => {
    const first = await scanCorpus(dir);
    const file = path.join(dir, 'croydon-2019-12-18.md');
    // Same size, same mtime, other bytes: only a read could notice.
    const bytes = await readFile(file);
    await writeFile(file, Buffer.from(bytes.toString('latin1').replace(/[a-z]/, 'Q'), 'latin1'));
    await utimes(file, HOUR_AGO, HOUR_AGO);
    const again = await scanCorpus(dir, knownFrom(first));
    expect(again.read.size).toBe(0);
    expect(again.letters).toEqual(first.letters);
  });

  it('reads a file again when its size or mtime changed, or when its mtime is too close to the last stamping to trust', async () => {
    const first = await scanCorpus(dir);
    const changed = path.join(dir, 'croydon-2018-08-02.txt');
    await writeFile(changed, `${await readFile(changed, 'utf8')}\nA new closing paragraph.\n`);
    const again = await scanCorpus(dir, knownFrom(first));
    expect([...again.read.keys()]).toEqual(['croydon-2018-08-02']);
    expect(again.letters.find((l) => l.id === 'croydon-2018-08-02')?.sha256).not.toBe(first.letters.find((l) => l.id === 'croydon-2018-08-02')?.sha256);

    // Stamped within a second of the files' mtime: a same-size rewrite in that tick would not show.
    const mtimeMs = (await stat(changed)).mtimeMs;
    const racy = await scanCorpus(dir, knownFrom(again, mtimeMs + 10));
    expect([...racy.read.keys()]).toEqual(['croydon-2018-08-02']);
  });
});

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { realCorpus } from '../../src/eval/real-corpus-cache.js';
import { binaryJunk } from '../support/bad-pdfs.js';
import { makeLetterPdf } from '../support/make-pdf.js';

const letter = (town: string) =>
  makeLetterPdf([
    { kind: 'lines', lines: ['1 March 2023', `Dear Director of ${town}`] },
    { kind: 'heading', text: `Focused visit to ${town} children's services` },
    { kind: 'para', text: `This letter summarises the findings of the focused visit to ${town} children's services on 25 and 26 January 2023.` },
    { kind: 'para', text: `Staff in ${town} report that caseloads are manageable and that supervision is regular and reflective.` },
  ]);

describe('the cached corpus of real letters (eval)', () => {
  let pdfDir: string;
  let cacheRoot: string;
  beforeEach(async () => {
    pdfDir = await mkdtemp(path.join(os.tmpdir(), 'real-pdfs-'));
    cacheRoot = await mkdtemp(path.join(os.tmpdir(), 'real-cache-'));
    for (const town of ['Ayton', 'Beeford']) await writeFile(path.join(pdfDir, `${town.toLowerCase()}-focused-visit-2023-03-01.pdf`), (await letter(town)).bytes);
    await writeFile(path.join(pdfDir, 'README.md'), 'not a letter: only PDFs are converted');
  });
  afterEach(async () => {
    await rm(pdfDir, { recursive: true, force: true });
    await rm(cacheRoot, { recursive: true, force: true });
  });

  it('converts every PDF once, then reuses the folder until a PDF changes', async () => {
    const first = await realCorpus(pdfDir, cacheRoot);
    expect(first).toMatchObject({ built: true, files: 2 });
    const letters = (await readdir(first.dir)).filter((f) => !f.startsWith('.')).sort();
    expect(letters).toEqual(['ayton-focused-visit-2023-03-01.txt', 'beeford-focused-visit-2023-03-01.txt']);
    expect(await readFile(path.join(first.dir, letters[0] as string), 'utf8')).toContain('caseloads are manageable');

    const again = await realCorpus(pdfDir, cacheRoot);
    expect(again).toMatchObject({ built: false, dir: first.dir });

    await writeFile(path.join(pdfDir, 'ayton-focused-visit-2023-03-01.pdf'), (await letter('Aytown')).bytes);
    const changed = await realCorpus(pdfDir, cacheRoot);
    expect(changed.built).toBe(true);
    expect(changed.dir).not.toBe(first.dir);
    expect(await readFile(path.join(changed.dir, 'ayton-focused-visit-2023-03-01.txt'), 'utf8')).toContain('Aytown');
  }, 60_000);

  it('fails naming the file that does not convert, and leaves no folder behind', async () => {
    await writeFile(path.join(pdfDir, 'broken-focused-visit-2023-03-01.pdf'), binaryJunk(4000));
    await expect(realCorpus(pdfDir, cacheRoot)).rejects.toThrow(/broken-focused-visit-2023-03-01\.pdf/);
    expect((await readdir(cacheRoot)).filter((f) => f.startsWith('real-') || f.startsWith('.real-'))).toEqual([]);
  }, 60_000);

  it('two callers at once share one conversion', async () => {
    const [a, b] = await Promise.all([realCorpus(pdfDir, cacheRoot), realCorpus(pdfDir, cacheRoot)]);
    expect(a.dir).toBe(b.dir);
    expect([a.built, b.built].sort()).toEqual([false, true]);
  }, 60_000);
});

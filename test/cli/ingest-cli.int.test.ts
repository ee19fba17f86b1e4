import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { cleanForDisplay } from '../../src/text/normalize.js';
import { binaryJunk, damagedInfoPdf, encryptedPdf, htmlPageNamedPdf, imageOnlyPdf } from '../support/bad-pdfs.js';
import { type Block, makeLetterPdf } from '../support/make-pdf.js';
import { testLetter } from '../support/pdf-letters.js';
import { type CliResult, removeTempDirs, runCommand, runIngest, SEED_CORPUS, spawnIngest, tempDir } from '../support/run-cli.js';

const FURNITURE = { header: 'Ofsted monitoring visit letter', footer: 'Ofsted, Piccadilly Gate, Store Street, Manchester M1 2WD', pageNumbers: true };
const testshire = testLetter('Testshire', 'Care leavers praised the new drop-in hub at the library.');

/** The seed Markdown letter, laid out as a PDF: headings, bullets and paragraphs as blocks. */
function seedAsBlocks(md: string): Block[] {
  return md
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b): Block => {
      if (b.startsWith('## ')) return { kind: 'heading', text: b.slice(3) };
      if (b.startsWith('- ')) return { kind: 'bullets', items: b.split('\n').map((l) => l.replace(/^- /, '')) };
      return { kind: 'para', text: b.replace(/\*\*/g, '').replace(/\n/g, ' ') };
    });
}

const paragraphsOf = (text: string) => chunkLetter(text).chunks.map((c) => cleanForDisplay(text.slice(c.start, c.end)));

describe('npm run ingest', () => {
  let inbox: string;
  let corpus: string;
  let first: CliResult;
  let seedPdfPages = 0;

  beforeAll(async () => {
    inbox = await tempDir('inbox');
    corpus = await tempDir('corpus');
    await mkdir(path.join(inbox, 'letters', 'seeds'), { recursive: true });
    await mkdir(path.join(inbox, 'bad'), { recursive: true });
    const letterPdf = await makeLetterPdf(testshire.blocks, FURNITURE);
    expect(letterPdf.pages).toBeGreaterThanOrEqual(2);
    expect(letterPdf.straddling).toBeGreaterThanOrEqual(1);
    await writeFile(path.join(inbox, 'letters', 'Testshire 2021-03-03.pdf'), letterPdf.bytes);
    const seedMd = await readFile(path.join(SEED_CORPUS, 'croydon-2019-12-18.md'), 'utf8');
    const seedPdf = await makeLetterPdf(seedAsBlocks(seedMd), FURNITURE);
    seedPdfPages = seedPdf.pages;
    await writeFile(path.join(inbox, 'letters', 'croydon-2019-12-18-print.pdf'), seedPdf.bytes);
    for (const f of ['croydon-2019-12-18.md', 'croydon-2018-08-02.txt']) await copyFile(path.join(SEED_CORPUS, f), path.join(inbox, 'letters', 'seeds', f));
    await writeFile(path.join(inbox, 'letters', 'notes.docx'), 'not read: folders only yield .pdf, .txt and .md, and list the rest as skipped');

    await writeFile(path.join(inbox, 'bad', 'encrypted.pdf'), encryptedPdf('Monitoring visit to Secretshire children’s services', 'letmein'));
    await writeFile(path.join(inbox, 'bad', 'truncated.pdf'), letterPdf.bytes.subarray(0, Math.floor(letterPdf.bytes.length * 0.6)));
    await writeFile(path.join(inbox, 'bad', 'scanned.pdf'), await imageOnlyPdf());
    await writeFile(path.join(inbox, 'bad', 'junk.txt'), binaryJunk(4096));
    // Windows-1252: é is 0xE9 and ’ is 0x92, neither valid on its own in UTF-8.
    const cp1252 = Buffer.concat([Buffer.from('Monitoring visit\nto the Caf'), Buffer.from([0xe9]), Buffer.from(' children'), Buffer.from([0x92]), Buffer.from('s services\n')]);
    await writeFile(path.join(inbox, 'bad', 'latin1.txt'), cp1252);
    await writeFile(path.join(inbox, 'bad', 'empty.md'), '');
    await writeFile(path.join(inbox, 'bad', 'letter.docx'), 'PK\u0003\u0004');

    first = await runIngest([inbox, path.join(inbox, 'bad', 'letter.docx'), path.join(inbox, 'missing.pdf')], corpus);
  });

  it('adds the good files, names every bad one with its reason, and exits 1', async () => {
    expect(first.code).toBe(1);
    const failed = Object.fromEntries(
      first.stderr
        .split('\n')
        .filter((l) => l.startsWith('failed'))
        .map((l) => [path.basename(/^failed\s+(.+?): /.exec(l)?.[1] ?? ''), l]),
    );
    expect(Object.keys(failed).sort()).toEqual(['empty.md', 'encrypted.pdf', 'junk.txt', 'latin1.txt', 'letter.docx', 'missing.pdf', 'scanned.pdf', 'truncated.pdf']);
    expect(failed['encrypted.pdf']).toMatch(/encrypted.*password/);
    expect(failed['truncated.pdf']).toMatch(/corrupt PDF/);
    expect(failed['scanned.pdf']).toMatch(/no text layer.*scanned/);
    expect(failed['junk.txt']).toMatch(/binary data, not text/);
    expect(failed['latin1.txt']).toMatch(/not UTF-8 text: byte 0xe9 on line 2/);
    expect(failed['empty.md']).toMatch(/empty file/);
    expect(failed['letter.docx']).toMatch(/unsupported file type "\.docx"/);
    expect(failed['missing.pdf']).toMatch(/no such file or folder/);

    const added = first.stdout.split('\n').filter((l) => l.startsWith('added'));
    expect(added).toHaveLength(4);
    expect(added.find((l) => l.includes('testshire-2021-03-03'))).toMatch(
      /^added +testshire-2021-03-03 +2021-03-03 +\d+ paragraphs +"Monitoring visit to Testshire children's services" +<- .*Testshire 2021-03-03\.pdf$/,
    );
    expect(first.stdout).toMatch(/12 files in [\d.]+ s: 4 added, 0 replaced, 0 unchanged, 0 duplicate, 8 failed/);
    expect(first.stdout).toMatch(/^skipped +.*notes\.docx: not a letter file \(\.docx\); only \.pdf, \.txt, \.md are read$/m);
    expect(first.stdout).toMatch(/8 failed; 1 skipped \(not letter files\)$/m);
    expect(first.stderr).not.toContain('\x1b['); // no progress bar when stderr is not a terminal

    const files = (await readdir(corpus)).sort();
    expect(files).toEqual(['.sources.json', 'croydon-2018-08-02.txt', 'croydon-2019-12-18-print.txt', 'croydon-2019-12-18.md', 'testshire-2021-03-03.txt']);
    const loaded = await loadCorpus(corpus);
    expect(loaded.problems).toEqual([]);
    expect(loaded.letters.map((l) => l.id).sort()).toEqual(['croydon-2018-08-02', 'croydon-2019-12-18', 'croydon-2019-12-18-print', 'testshire-2021-03-03']);
  });

  it('turns a PDF into paragraphs: no header, footer or page numbers, safe de-hyphenation, lists and headings kept', async () => {
    const text = await readFile(path.join(corpus, 'testshire-2021-03-03.txt'), 'utf8');
    expect(text.trimEnd().split('\n\n')).toEqual(testshire.expected);
    expect(text).not.toMatch(/Page \d of \d|Piccadilly|Ofsted monitoring visit letter/);

    const letter = (await loadCorpus(corpus)).letters.find((l) => l.id === 'testshire-2021-03-03');
    expect(letter).toMatchObject({
      title: testshire.title,
      date: testshire.isoDate,
      recipient: 'Jane Smith',
      visitDates: { start: '2021-02-09', end: '2021-02-10' },
      visitNumber: 2,
      inspectors: ['Jane Hollis', 'John Farrow'],
    });
    const { chunks, headings } = chunkLetter(text);
    expect(headings.map((h) => h.text)).toEqual(['Monitoring visit to Testshire children’s services', 'Areas covered by the visit', 'Findings and evaluation of progress']);
    // Each bullet is its own paragraph, with the sentence that leads into the list as its section (issue 15).
    const item = chunks.find((c) => text.slice(c.start, c.end).startsWith('• care leavers.'));
    expect(item?.section).toMatch(/^During this visit, inspectors reviewed the progress made in the areas of:/);
  });

  it('gives a seed letter the same paragraphs, whether ingested as its text or as a PDF of it', async () => {
    expect(seedPdfPages).toBeGreaterThanOrEqual(3);
    for (const seed of ['croydon-2019-12-18.md', 'croydon-2018-08-02.txt']) {
      const original = await readFile(path.join(SEED_CORPUS, seed));
      expect((await readFile(path.join(corpus, seed))).equals(original)).toBe(true);
    }
    const seedText = await readFile(path.join(SEED_CORPUS, 'croydon-2019-12-18.md'), 'utf8');
    const fromPdf = await readFile(path.join(corpus, 'croydon-2019-12-18-print.txt'), 'utf8');
    expect(paragraphsOf(fromPdf)).toEqual(paragraphsOf(seedText));
    expect(chunkLetter(fromPdf).headings.map((h) => h.text)).toEqual(chunkLetter(seedText).headings.map((h) => h.text));
  });

  it('keeps the original file name and source hash in corpus/.sources.json', async () => {
    const sources = JSON.parse(await readFile(path.join(corpus, '.sources.json'), 'utf8'));
    expect(sources.letters['testshire-2021-03-03']).toMatchObject({ file: 'testshire-2021-03-03.txt', source: 'Testshire 2021-03-03.pdf', kind: 'pdf', via: 'cli', pages: 2 });
    expect(sources.letters['croydon-2019-12-18']).toMatchObject({ file: 'croydon-2019-12-18.md', source: 'croydon-2019-12-18.md', kind: 'md' });
  });

  it('re-ingesting the same files is a no-op', async () => {
    const before = await snapshot(corpus);
    const again = await runIngest([path.join(inbox, 'letters')], corpus);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/4 files in [\d.]+ s: 0 added, 0 replaced, 4 unchanged, 0 duplicate, 0 failed/);
    expect(await snapshot(corpus)).toEqual(before);
  });

  it('does not add identical content twice under another name, and replaces a letter whose file changed', async () => {
    const other = await tempDir('inbox2');
    await copyFile(path.join(SEED_CORPUS, 'croydon-2018-08-02.txt'), path.join(other, 'Croydon letter (copy).txt'));
    const changed = testLetter('Testshire', 'A second phrase replaced the first one entirely.');
    await writeFile(path.join(other, 'Testshire 2021-03-03.pdf'), (await makeLetterPdf(changed.blocks, FURNITURE)).bytes);

    const run = await runIngest([other], corpus);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^duplicate +croydon-letter-copy +2018-08-02 +same text as croydon-2018-08-02 \(croydon-2018-08-02\.txt\)/m);
    expect(run.stdout).toMatch(/^replaced +testshire-2021-03-03 /m);
    const text = await readFile(path.join(corpus, 'testshire-2021-03-03.txt'), 'utf8');
    expect(text).toContain('A second phrase replaced the first one entirely.');
    expect(text).not.toContain('drop-in hub');
    expect((await readdir(corpus)).filter((f) => !f.startsWith('.'))).toHaveLength(4);
  });
});

async function snapshot(dir: string): Promise<Record<string, { mtimeMs: number; content: string }>> {
  const out: Record<string, { mtimeMs: number; content: string }> = {};
  for (const f of await readdir(dir)) out[f] = { mtimeMs: (await stat(path.join(dir, f))).mtimeMs, content: await readFile(path.join(dir, f), 'utf8') };
  return out;
}

describe('npm run ingest, bad input', () => {
  it('names an HTML page saved as .pdf, a zero-byte, encrypted or scanned PDF; loads the rest, a damaged info dictionary with a warning; lists other files as skipped', async () => {
    const inbox = await tempDir('inbox-bad');
    const corpus = await tempDir('corpus-bad');
    const good = await makeLetterPdf(testLetter('Goodshire', 'Foster carers are well supported.', 2).blocks);
    await writeFile(path.join(inbox, 'Goodshire 2021-03-03.pdf'), good.bytes);
    await writeFile(path.join(inbox, 'Infoshire 2021-03-03.pdf'), await damagedInfoPdf((await makeLetterPdf(testLetter('Infoshire', 'Its metadata is damaged.', 2).blocks)).bytes));
    await writeFile(path.join(inbox, 'download.pdf'), htmlPageNamedPdf());
    await writeFile(path.join(inbox, 'zero.pdf'), '');
    await writeFile(path.join(inbox, 'locked.pdf'), encryptedPdf('Focused visit to Lockshire children’s services', 'secret'));
    await writeFile(path.join(inbox, 'scan.pdf'), await imageOnlyPdf());
    await mkdir(path.join(inbox, 'other'));
    for (const f of ['letter.docx', 'page.html', 'logo.png']) await writeFile(path.join(inbox, 'other', f), 'x');

    const run = await runIngest([inbox], corpus);
    expect(run.code).toBe(1);
    const lines = (out: string, status: string) => out.split('\n').filter((l) => l.startsWith(status));
    const failed = Object.fromEntries(lines(run.stderr, 'failed').map((l) => [path.basename(/^failed\s+(.+?): /.exec(l)?.[1] ?? ''), l]));
    expect(Object.keys(failed).sort()).toEqual(['download.pdf', 'locked.pdf', 'scan.pdf', 'zero.pdf']);
    expect(failed['download.pdf']).toMatch(/not a PDF but an HTML page/);
    expect(failed['zero.pdf']).toMatch(/empty file \(0 bytes\)/);
    expect(failed['locked.pdf']).toMatch(/encrypted PDF: it needs a password/);
    expect(failed['scan.pdf']).toMatch(/no text layer/);

    expect(lines(run.stdout, 'added').map((l) => l.split(/\s+/)[1])).toEqual(['goodshire-2021-03-03', 'infoshire-2021-03-03']);
    expect(lines(run.stderr, 'warning')).toEqual([
      expect.stringMatching(/^warning +.*Infoshire 2021-03-03\.pdf: its metadata \(info dictionary\) is damaged .*loaded without it$/),
    ]);
    expect(lines(run.stdout, 'skipped').map((l) => path.basename(/^skipped\s+(.+?): /.exec(l)?.[1] ?? ''))).toEqual(['letter.docx', 'logo.png', 'page.html']);
    expect(run.stdout).toMatch(/6 files in [\d.]+ s: 2 added, 0 replaced, 0 unchanged, 0 duplicate, 4 failed; 3 skipped \(not letter files\)/);

    const sources = JSON.parse(await readFile(path.join(corpus, '.sources.json'), 'utf8'));
    expect(sources.letters['infoshire-2021-03-03'].pdfInfo).toEqual({ title: null, author: null, created: null, modified: null });
    expect(sources.letters['goodshire-2021-03-03'].pdfInfo).toMatchObject({ title: null, created: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect((await loadCorpus(corpus)).letters.map((l) => l.id).sort()).toEqual(['goodshire-2021-03-03', 'infoshire-2021-03-03']);
  });

  it('says so and exits 1 when a folder, or the files named, give nothing to ingest', async () => {
    const corpus = await tempDir('corpus-nothing');
    const others = await tempDir('inbox-others');
    for (const f of ['report.docx', 'scan.png']) await writeFile(path.join(others, f), 'x');
    const empty = await tempDir('inbox-empty');

    const fromOthers = await runIngest([others], corpus);
    expect(fromOthers.code).toBe(1);
    expect(fromOthers.stdout.split('\n').filter((l) => l.startsWith('skipped'))).toHaveLength(2);
    expect(fromOthers.stderr).toContain(`nothing to ingest: no .pdf, .txt or .md file in ${others} (2 other files skipped)`);

    const fromEmpty = await runIngest([empty, path.join(empty, 'gone.pdf')], corpus);
    expect(fromEmpty.code).toBe(1);
    expect(fromEmpty.stderr).toMatch(/^failed +.*gone\.pdf: no such file or folder$/m);
    expect(fromEmpty.stderr).toContain('nothing to ingest: no .pdf, .txt or .md file in');
    expect(await readdir(corpus)).toEqual([]);
  });
});

describe.runIf(existsSync('/usr/bin/script'))('npm run ingest on a terminal', () => {
  it('draws a progress bar for many files and clears it before each line', async () => {
    const inbox = await tempDir('inbox-tty');
    for (let i = 0; i < 6; i++) await writeFile(path.join(inbox, `note-${i}.md`), `# Monitoring visit to Shire ${i} children's services\n\nA short letter number ${i}.\n`);
    const cmd = `${process.execPath} --import tsx src/cli/ingest-cli.ts ${inbox}`;
    // util-linux script(1) runs the command on a pseudo-terminal.
    const tty = await runCommand('/usr/bin/script', ['-qec', cmd, '/dev/null'], await tempDir('corpus-tty'));
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/\[#+\.+\] 3\/6 /);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the progress bar redraws its line with the ANSI escape ESC[2K
    expect(tty.stdout).toMatch(/\r\x1b\[2Kadded +note-5 /);
  });
});

afterAll(removeTempDirs);

describe('npm run ingest, killed part-way', () => {
  it('leaves only whole letters in corpus/; the next run finishes the job and clears its temp files', async () => {
    const inbox = await tempDir('inbox-kill');
    const corpus = await tempDir('corpus-kill');
    const names = Array.from({ length: 8 }, (_, i) => `Shire ${String(i).padStart(2, '0')}`);
    for (const name of names) {
      const letter = testLetter(name, `Letter number ${name} is unique.`, 3);
      await writeFile(path.join(inbox, `${name}.pdf`), (await makeLetterPdf(letter.blocks)).bytes);
    }
    const child = spawnIngest([inbox], corpus);
    await new Promise<void>((resolve) => {
      const poll = setInterval(async () => {
        const letters = (await readdir(corpus)).filter((f) => f.endsWith('.txt'));
        if (letters.length >= 2 || child.exitCode !== null) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    await new Promise((r) => child.once('close', r));

    const written = (await readdir(corpus)).filter((f) => f.endsWith('.txt'));
    expect(written.length).toBeGreaterThanOrEqual(2);
    const loaded = await loadCorpus(corpus);
    expect(loaded.problems).toEqual([]);
    for (const l of loaded.letters) expect(l.text.trimEnd().endsWith('Jane Hollis\nHer Majesty’s Inspector')).toBe(true);

    const rerun = await runIngest([inbox], corpus);
    expect(rerun.code).toBe(0);
    // A letter written before the kill is complete: the full run finds it unchanged, never replaces it.
    expect(rerun.stdout).toMatch(new RegExp(`0 replaced, ${loaded.letters.length} unchanged, 0 duplicate, 0 failed`));
    expect((await readdir(corpus)).filter((f) => f.endsWith('.txt'))).toHaveLength(names.length);
    expect((await readdir(corpus)).filter((f) => f.endsWith('.tmp') || f === '.ingest.lock')).toEqual([]);
  });
});

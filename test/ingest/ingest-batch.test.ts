import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { convertPool } from '../../src/ingest/convert-pool.js';
import { CorpusStore } from '../../src/ingest/corpus-store.js';
import { type BatchItem, ingestBatch } from '../../src/ingest/ingest-batch.js';
import { sourceText } from '../../src/ingest/source-text.js';
import { htmlPageNamedPdf } from '../support/bad-pdfs.js';
import { makeLetterPdf } from '../support/make-pdf.js';
import { testLetter } from '../support/pdf-letters.js';
import { useTempDirs } from '../support/temp-corpus.js';

const tempDir = useTempDirs();
const pool = convertPool(2);
afterAll(() => pool.close());

const item = (name: string, bytes: Uint8Array): BatchItem => ({ name, size: bytes.length, read: async () => bytes });
const pdfOf = async (place: string) => (await makeLetterPdf(testLetter(place, `Unique words about ${place}.`, 2).blocks)).bytes;

describe('ingestBatch on the conversion pool, reading ahead', () => {
  it('gives each file what sourceText gives it on the main thread', async () => {
    const pdf = await pdfOf('Poolshire');
    for (const [name, bytes] of [
      ['a.pdf', pdf],
      ['b.pdf', htmlPageNamedPdf()],
      ['c.pdf', new Uint8Array(0)],
    ] as const) {
      expect(await pool.convert(name, bytes)).toEqual(await sourceText(name, bytes));
    }
  });

  it('writes in the order given and refuses the second file of one id, whatever finishes first', async () => {
    const corpusDir = await tempDir('corpus-pool');
    const names = ['Ashire', 'Bshire', 'Cshire', 'Dshire', 'Eshire'];
    const items = [
      ...(await Promise.all(names.map(async (n) => item(`${n}.pdf`, await pdfOf(n))))),
      item('small/Ashire.pdf', await pdfOf('Fshire')),
      item('Gshire.pdf', htmlPageNamedPdf()),
    ];
    const ctx = { store: new CorpusStore(corpusDir), chunkOptions: DEFAULT_CHUNK_OPTIONS, via: 'cli' as const, maxBytes: 10_000_000 };
    const seen: string[] = [];
    const { outcomes, counts } = await ingestBatch(items, { ...ctx, convert: pool.convert, readAhead: 4 }, (o, done) => seen.push(`${done}:${o.name}`));
    expect(seen).toEqual(items.map((it, i) => `${i + 1}:${it.name}`));
    expect(counts).toEqual({ added: 5, replaced: 0, unchanged: 0, duplicate: 0, failed: 2 });
    expect(outcomes[5]).toMatchObject({ status: 'failed', reason: 'gives the same letter id "ashire" as Ashire.pdf; rename one of them' });
    expect(outcomes[6]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/HTML page/) });

    const again = await ingestBatch(items.slice(0, 5), { ...ctx, convert: pool.convert, readAhead: 4 });
    expect(again.counts.unchanged).toBe(5);
  });
});

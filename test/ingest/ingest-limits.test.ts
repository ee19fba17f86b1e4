import { describe, expect, it } from 'vitest';
import { convertPool } from '../../src/ingest/convert-pool.js';
import { DEFAULT_INGEST_LIMITS } from '../../src/ingest/ingest-limits.js';
import { sourceText } from '../../src/ingest/source-text.js';
import { manyPagesPdf, textBombPdf } from '../support/hostile-pdfs.js';
import { makeLetterPdf } from '../support/make-pdf.js';
import { testLetter } from '../support/pdf-letters.js';

const limits = { ...DEFAULT_INGEST_LIMITS, maxPages: 10, maxTextBytes: 64 * 1024 };

describe('ingest limits (the CLI on its main thread, and every conversion runner)', () => {
  it('refuses too many pages, too much text and an inflate bomb, naming the limit; a real letter is read', async () => {
    expect(await sourceText('p.pdf', manyPagesPdf(11), limits)).toEqual({ ok: false, reason: 'too many pages (11; the limit is 10, INGEST_MAX_PAGES)', limit: 'pages' });
    expect(await sourceText('p.pdf', manyPagesPdf(10), limits)).toMatchObject({ ok: true, pages: 10 });
    expect(await sourceText('big.txt', new TextEncoder().encode('word '.repeat(20_000)), limits)).toMatchObject({ ok: false, limit: 'text' });
    const bomb = await sourceText('bomb.pdf', await textBombPdf(2e6), limits);
    expect(bomb).toMatchObject({ ok: false, limit: 'inflated', reason: expect.stringMatching(/inflate to more than 0\.6 MB/) });
    const real = await makeLetterPdf(testLetter('Limitshire', 'Caseloads were manageable.').blocks);
    expect(await sourceText('real.pdf', real.bytes, limits)).toMatchObject({ ok: true });
  });

  it('a file that takes longer than the timeout fails alone; the next file gets a fresh thread', async () => {
    const real = await makeLetterPdf(testLetter('Slowshire', 'Leaders knew their services well.').blocks);
    const slow = convertPool(1, { ...limits, timeoutMs: 1 });
    try {
      expect(await slow.convert('slow.pdf', real.bytes)).toMatchObject({ ok: false, limit: 'time', reason: expect.stringMatching(/took longer than 0\.0 s/) });
    } finally {
      await slow.close();
    }
    const pool = convertPool(1, limits);
    try {
      expect(await pool.convert('real.pdf', real.bytes)).toMatchObject({ ok: true });
    } finally {
      await pool.close();
    }
  });
});

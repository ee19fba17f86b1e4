import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfDate } from '../../../src/ingest/pdf/pdf-info.js';
import { pdfToText } from '../../../src/ingest/pdf/pdf-to-text.js';
import { damagedInfoPdf } from '../../support/bad-pdfs.js';
import { makeLetterPdf } from '../../support/make-pdf.js';
import { testLetter } from '../../support/pdf-letters.js';

const letter = testLetter('Infoshire', 'The metadata is kept as provenance only.', 2);

describe('PDF info dictionary', () => {
  it('is read into title, author and dates', async () => {
    const doc = await PDFDocument.load((await makeLetterPdf(letter.blocks)).bytes);
    doc.setTitle('Infoshire monitoring visit');
    doc.setAuthor('Ofsted');
    doc.setCreationDate(new Date('2021-03-03T10:00:00Z'));
    doc.setModificationDate(new Date('2021-03-04T10:00:00Z'));
    const result = await pdfToText(await doc.save());
    expect(result).toMatchObject({ ok: true, warnings: [], info: { title: 'Infoshire monitoring visit', author: 'Ofsted', created: '2021-03-03', modified: '2021-03-04' } });
  });

  it('when damaged, leaves the fields null and warns, and the text still loads', async () => {
    const good = await pdfToText((await makeLetterPdf(letter.blocks)).bytes);
    const damaged = await pdfToText(await damagedInfoPdf((await makeLetterPdf(letter.blocks)).bytes));
    if (!good.ok || !damaged.ok) throw new Error('a PDF was refused');
    expect(damaged.info).toEqual({ title: null, author: null, created: null, modified: null });
    expect(damaged.warnings).toEqual(['its metadata (info dictionary) is damaged and could not be read; loaded without it']);
    expect(damaged.text).toBe(good.text);
  });

  it('reads PDF dates, and gives null for anything else', () => {
    expect(pdfDate("D:20180514101010+01'00'")).toBe('2018-05-14');
    expect(pdfDate('D:2019')).toBe('2019-01-01');
    expect(pdfDate('D:20191345')).toBeNull();
    expect(pdfDate('yesterday')).toBeNull();
    expect(pdfDate(undefined)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { notAPdf, sniffFormat } from '../../src/ingest/sniff-format.js';
import { sourceText } from '../../src/ingest/source-text.js';
import { htmlPageNamedPdf } from '../support/bad-pdfs.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('sniffFormat / notAPdf', () => {
  it('knows an HTML page behind a BOM, blank lines, a comment or an XML declaration', () => {
    for (const page of ['<!DOCTYPE html><html></html>', '\n\n  <html><body>x</body></html>', '<?xml version="1.0"?>\n<html xmlns="x">', '<head><title>x</title>']) {
      expect(sniffFormat(bytes(page))?.format).toBe('html');
    }
    expect(sniffFormat(htmlPageNamedPdf())?.what).toBe('an HTML page');
    expect(notAPdf(htmlPageNamedPdf())).toMatch(/^not a PDF but an HTML page .*download the PDF itself$/);
  });

  it('leaves a PDF, text and unknown bytes to the reader that comes next', () => {
    expect(sniffFormat(bytes('%PDF-1.7\n'))?.format).toBe('pdf');
    expect(notAPdf(bytes('%PDF-1.7\n'))).toBeNull();
    expect(notAPdf(bytes('junk before the header %PDF-1.4'))).toBeNull();
    expect(notAPdf(bytes('Monitoring visit to Kent <b>not</b> html'))).toBeNull();
    expect(notAPdf(new Uint8Array(0))).toBeNull();
  });

  it('names an image or Office file saved as .pdf', () => {
    expect(notAPdf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('not a PDF: it is a PNG image; convert it to PDF or text');
    expect(notAPdf(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toMatch(/Word\/Office/);
  });

  it('is what sourceText says about a .pdf that is a web page, and about a zero-byte .pdf', async () => {
    expect(await sourceText('report.pdf', htmlPageNamedPdf())).toEqual({ ok: false, reason: notAPdf(htmlPageNamedPdf()) });
    expect(await sourceText('report.pdf', new Uint8Array(0))).toEqual({ ok: false, reason: 'empty file (0 bytes)' });
  });
});

import { getDocumentProxy } from 'unpdf';
import { errorMessage } from '../../base/error-message.js';
import { INFLATE_FACTOR, type IngestLimits, mb } from '../ingest-limits.js';
import type { Outcome } from '../outcome.js';
import { inflatesBeyond } from './inflate-budget.js';
import { type PdfInfo, readPdfInfo } from './pdf-info.js';
import type { PdfPage, TextRun } from './pdf-types.js';

const PDF_MAGIC = '%PDF-';

/** Text runs of every page and the metadata (or a warning why not), or the reason the file cannot be read as a PDF. */
export async function readPdf(bytes: Uint8Array, limits?: IngestLimits): Promise<Outcome<{ pages: PdfPage[]; info: PdfInfo; warnings: string[] }>> {
  if (bytes.length === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  // The header may follow a little junk; PDF readers look in the first 1 KB.
  if (!Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes(PDF_MAGIC)) {
    return { ok: false, reason: 'not a PDF (no %PDF- header): corrupt or misnamed file' };
  }
  if (limits && inflatesBeyond(bytes, limits.maxTextBytes * INFLATE_FACTOR)) {
    return {
      ok: false,
      reason: `its compressed streams inflate to more than ${mb(limits.maxTextBytes * INFLATE_FACTOR)} (an inflate bomb; real letters inflate to under 3 MB)`,
      limit: 'inflated',
    };
  }
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A plain Uint8Array copy: PDF.js refuses a Buffer and may take ownership of what it is given.
    doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, disableFontFace: true });
  } catch (err) {
    return { ok: false, reason: describeOpenError(err) };
  }
  try {
    const { info, warning } = await readPdfInfo(doc, bytes);
    if (limits && doc.numPages > limits.maxPages) {
      return { ok: false, reason: `too many pages (${doc.numPages}; the limit is ${limits.maxPages}, INGEST_MAX_PAGES)`, limit: 'pages' };
    }
    const pages: PdfPage[] = [];
    // Every run counts, blank ones too: a page of a million spaces costs as much to hold.
    let textBytes = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        textBytes += item.str.length;
        if (item.str.trim() === '') continue;
        const [a, b, c, d, e, f] = item.transform as number[];
        // Rotated text is a watermark or a margin note, never the letter's prose.
        if (Math.abs(b ?? 0) > 1e-3 || Math.abs(c ?? 0) > 1e-3 || (a ?? 0) <= 0) continue;
        const size = Math.abs(d ?? 0) || item.height;
        if (!(size > 0)) continue;
        runs.push({ str: item.str, x: e ?? 0, y: f ?? 0, width: item.width, size, font: item.fontName });
      }
      const [, y0 = 0, , y1 = 0] = page.view;
      pages.push({ number: n, bottom: Math.min(y0, y1), top: Math.max(y0, y1), runs });
      page.cleanup();
      if (limits && textBytes > limits.maxTextBytes)
        return { ok: false, reason: `more than ${mb(limits.maxTextBytes)} of text by page ${n} (INGEST_MAX_TEXT_BYTES; real letters are under 0.2 MB)`, limit: 'text' };
    }
    return { ok: true, pages, info, warnings: warning ? [warning] : [] };
  } catch (err) {
    return { ok: false, reason: `corrupt PDF: a page could not be read (${errorMessage(err)})` };
  } finally {
    await doc.destroy();
  }
}

function describeOpenError(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  if (name === 'PasswordException') return 'encrypted PDF: it needs a password to open (save an unprotected copy)';
  if (name === 'InvalidPDFException') return `corrupt PDF: ${errorMessage(err).replace(/\.$/, '')} (truncated or damaged file?)`;
  return `could not be read as a PDF (${errorMessage(err)})`;
}

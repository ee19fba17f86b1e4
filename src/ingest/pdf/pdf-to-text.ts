import type { IngestLimits } from '../ingest-limits.js';
import type { Outcome } from '../outcome.js';
import { removePageFurniture } from './page-furniture.js';
import { linesToText } from './paragraphs.js';
import type { PdfInfo } from './pdf-info.js';
import { readPdf } from './read-pdf.js';
import { pageLines } from './text-lines.js';

/** Bump when extraction changes what a PDF turns into: unchanged PDFs are then extracted again. */
export const PDF_EXTRACTOR_VERSION = 'pdf-2';

/** Fewer letters than this in the whole text layer: nothing worth indexing (a scan, a cover). */
const MIN_LETTERS = 40;
/** Above this share of private-use or replacement characters, the fonts have no Unicode map. */
const MAX_UNMAPPED_SHARE = 0.2;

/** A PDF's text with paragraph breaks, without running headers, footers and page numbers. */
export async function pdfToText(bytes: Uint8Array, limits?: IngestLimits): Promise<Outcome<{ text: string; pages: number; info: PdfInfo; warnings: string[] }>> {
  const read = await readPdf(bytes, limits);
  if (!read.ok) return read;
  const pages = read.pages.length;
  const text = linesToText(removePageFurniture(read.pages.map((page) => ({ page, lines: pageLines(page) }))));
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) {
    return { ok: false, reason: `no text layer (${letters} letters of text on ${pages} page${pages === 1 ? '' : 's'}): a scanned or image-only PDF; run OCR on it first` };
  }
  const unmapped = text.match(/[\ue000-\uf8ff\ufffd]/gu)?.length ?? 0;
  if (unmapped / letters > MAX_UNMAPPED_SHARE) {
    return { ok: false, reason: 'the text layer is unreadable (its fonts have no Unicode mapping); export the PDF again or OCR it' };
  }
  return { ok: true, text, pages, info: read.info, warnings: read.warnings };
}

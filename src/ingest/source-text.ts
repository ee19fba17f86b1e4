import path from 'node:path';
import { checkTextFile } from './check-text-file.js';
import { DEFAULT_INGEST_LIMITS, type IngestLimits, mb } from './ingest-limits.js';
import type { Outcome } from './outcome.js';
import type { PdfInfo } from './pdf/pdf-info.js';
import { PDF_EXTRACTOR_VERSION, pdfToText } from './pdf/pdf-to-text.js';
import { notAPdf } from './sniff-format.js';

export const SOURCE_EXTENSIONS = ['.pdf', '.txt', '.md'] as const;
export type SourceKind = 'pdf' | 'txt' | 'md';

export interface SourceText {
  kind: SourceKind;
  /** What the corpus file is named with: PDFs become plain text. */
  ext: '.txt' | '.md';
  text: string;
  pages: number | null;
  /** Which conversion produced the text; a new one re-extracts unchanged sources. */
  extractor: string;
  /** A PDF's info dictionary (null fields where it has none or it is damaged); null for text files. */
  pdfInfo: PdfInfo | null;
  /** Things the user should know about a file that still loaded (a damaged info dictionary). */
  warnings: string[];
}

export function sourceKind(name: string): SourceKind | null {
  const ext = path.extname(name).toLowerCase();
  return ext === '.pdf' ? 'pdf' : ext === '.txt' ? 'txt' : ext === '.md' ? 'md' : null;
}

/** The letter text a source file gives: PDFs are converted, text and Markdown kept byte-for-byte. */
export async function sourceText(name: string, bytes: Uint8Array, limits: IngestLimits = DEFAULT_INGEST_LIMITS): Promise<Outcome<SourceText>> {
  const kind = sourceKind(name);
  if (kind === null) {
    return { ok: false, reason: `unsupported file type "${path.extname(name) || '(none)'}": expected ${SOURCE_EXTENSIONS.join(', ')}` };
  }
  if (kind === 'pdf') {
    const misnamed = notAPdf(bytes);
    if (misnamed) return { ok: false, reason: misnamed };
    const pdf = await pdfToText(bytes, limits);
    if (pdf.ok && pdf.text.length > limits.maxTextBytes) return tooMuchText(limits);
    return pdf.ok ? { ok: true, kind, ext: '.txt', text: pdf.text, pages: pdf.pages, extractor: PDF_EXTRACTOR_VERSION, pdfInfo: pdf.info, warnings: pdf.warnings } : pdf;
  }
  if (bytes.length > limits.maxTextBytes) return tooMuchText(limits);
  const checked = checkTextFile(bytes);
  return checked.ok ? { ok: true, kind, ext: kind === 'md' ? '.md' : '.txt', text: checked.text, pages: null, extractor: 'verbatim', pdfInfo: null, warnings: [] } : checked;
}

export function tooMuchText(limits: Pick<IngestLimits, 'maxTextBytes'>): { ok: false; reason: string; limit: 'text' } {
  return { ok: false, reason: `more than ${mb(limits.maxTextBytes)} of text (INGEST_MAX_TEXT_BYTES; real letters are under 0.2 MB)`, limit: 'text' };
}

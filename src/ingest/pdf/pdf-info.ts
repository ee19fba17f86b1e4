import { errorMessage } from '../../base/error-message.js';

/**
 * A PDF's document information dictionary (Title, Author, dates), kept as provenance. It is
 * never needed to read the letter, so a damaged one is a warning, not a failure: the fields
 * are null and the text still loads.
 */
export interface PdfInfo {
  title: string | null;
  author: string | null;
  /** From CreationDate / ModDate, as YYYY-MM-DD. */
  created: string | null;
  modified: string | null;
}

export const NO_PDF_INFO: PdfInfo = { title: null, author: null, created: null, modified: null };

/** The keys a readable info dictionary has at least one of (PDF 32000-1:2008, table 317). */
const INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate'];
/** The trailer (or cross-reference stream) entry that points at the info dictionary. */
const INFO_REF = /\/Info\s+\d+\s+\d+\s+R/;

interface HasMetadata {
  getMetadata(): Promise<{ info: object }>;
}

export async function readPdfInfo(doc: HasMetadata, bytes: Uint8Array): Promise<{ info: PdfInfo; warning: string | null }> {
  let raw: Record<string, unknown>;
  try {
    raw = (await doc.getMetadata()).info as Record<string, unknown>;
  } catch (err) {
    return { info: NO_PDF_INFO, warning: `its metadata could not be read (${errorMessage(err)}); loaded without it` };
  }
  // PDF.js answers a damaged dictionary with an empty one; the file says whether there was one.
  if (!INFO_KEYS.some((k) => k in raw) && INFO_REF.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'))) {
    return { info: NO_PDF_INFO, warning: 'its metadata (info dictionary) is damaged and could not be read; loaded without it' };
  }
  return { info: { title: text(raw.Title), author: text(raw.Author), created: pdfDate(raw.CreationDate), modified: pdfDate(raw.ModDate) }, warning: null };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** "D:20180514101010+01'00'" → "2018-05-14"; anything else → null. */
export function pdfDate(value: unknown): string | null {
  const m = typeof value === 'string' ? /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value.trim()) : null;
  if (!m) return null;
  const [y, mo = '01', d = '01'] = [m[1], m[2], m[3]];
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${mo}-${d}` ? null : `${y}-${mo}-${d}`;
}

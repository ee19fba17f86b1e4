/**
 * What a file is by its first bytes, whatever its name says. Public collections of Ofsted
 * documents hold "PDFs" that are the HTML page a dead download link returned, and a folder of
 * letters picks up Word files and images: saying what the file really is tells the user what to do.
 */
const SIGNATURES: [string, Buffer][] = [
  ['a PDF', Buffer.from('%PDF-')],
  ['a ZIP or Word/Office document', Buffer.from([0x50, 0x4b, 0x03, 0x04])],
  ['an old Word/Office document', Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
  ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  ['a JPEG image', Buffer.from([0xff, 0xd8, 0xff])],
  ['a GIF image', Buffer.from('GIF8')],
  ['a gzip archive', Buffer.from([0x1f, 0x8b])],
];

/** How far into a file a web page's first tag is looked for (after a BOM, blank lines or a comment). */
const HTML_WINDOW = 1024;
const HTML_START = /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title)\b/i;

export type Format = 'pdf' | 'html' | 'binary';

/** The format the bytes begin with, described for a message ("an HTML page"), or null when unknown (or text). */
export function sniffFormat(bytes: Uint8Array): { format: Format; what: string } | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = SIGNATURES.find(([, magic]) => buf.subarray(0, magic.length).equals(magic));
  if (signature) return { format: signature[0] === 'a PDF' ? 'pdf' : 'binary', what: signature[0] };
  const head = buf
    .subarray(0, HTML_WINDOW)
    .toString('utf8')
    .replace(/^\ufeff/, '');
  if (HTML_START.test(head)) return { format: 'html', what: 'an HTML page' };
  return null;
}

/**
 * Why bytes named .pdf are certainly not a PDF (an HTML page, an image, an Office file), or
 * null to let the PDF reader decide: a PDF header may follow a little junk.
 */
export function notAPdf(bytes: Uint8Array): string | null {
  const sniffed = sniffFormat(bytes);
  if (sniffed?.format === 'html') {
    return 'not a PDF but an HTML page (a web page saved under a .pdf name, e.g. an error or login page from the download link); download the PDF itself';
  }
  if (sniffed?.format === 'binary') return `not a PDF: it is ${sniffed.what}; convert it to PDF or text`;
  return null;
}

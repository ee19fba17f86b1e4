import { createDeflate, deflateSync } from 'node:zlib';

/**
 * PDFs made to hurt whoever reads them, built here (none checked in): small files whose
 * streams inflate to tens or hundreds of megabytes of text or whitespace, thousands of pages,
 * objects nested thousands deep. Each is a valid PDF an ordinary reader would try to open.
 */

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const LINE = 'BT /F1 11 Tf 72 700 Td (Inspectors found that the staff vacancy rate is high and caseloads are too large.) Tj ET\n';

/** The deflated bytes of `chunk` repeated until `totalBytes`, streamed: the inflated text is never held whole. */
async function deflateRepeated(chunk: string, totalBytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const block = Buffer.from(chunk.repeat(Math.max(1, Math.floor((1 << 20) / chunk.length))), 'latin1');
  for (let written = 0; written < totalBytes; written += block.length) {
    if (!deflate.write(block)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/** Objects 1..n with an xref table; a Buffer body is written as is (a stream object). */
export function assemblePdf(objects: (string | Buffer)[], trailerEntries = '/Root 1 0 R'): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
  const offsets: number[] = [];
  let length = (parts[0] as Buffer).length;
  objects.forEach((body, i) => {
    const bytes = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n')]);
    offsets.push(length);
    parts.push(bytes);
    length += bytes.length;
  });
  const xref = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(
    Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${xref}trailer\n<< /Size ${objects.length + 1} ${trailerEntries} >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'),
  );
  return new Uint8Array(Buffer.concat(parts));
}

const stream = (data: Buffer, filter = '/Filter /FlateDecode') =>
  Buffer.concat([Buffer.from(`<< /Length ${data.length} ${filter} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);

/** One page whose content stream inflates to `inflatedBytes` of text (shown text, many lines of it). */
export async function textBombPdf(inflatedBytes: number): Promise<Uint8Array> {
  return onePage(await deflateRepeated(LINE, inflatedBytes));
}

/** One page with a line of text, whose content stream then inflates to `inflatedBytes` of spaces. */
export async function whitespaceBombPdf(inflatedBytes: number): Promise<Uint8Array> {
  const deflate = await deflateRepeated(' ', inflatedBytes);
  const text = deflateSyncLine(LINE.repeat(3));
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 6 0 R >> >> /Contents [4 0 R 5 0 R] >>',
    stream(text),
    stream(deflate),
    FONT,
  ]);
}

function deflateSyncLine(text: string): Buffer {
  return deflateSync(Buffer.from(text, 'latin1'));
}

function onePage(content: Buffer): Uint8Array {
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream(content),
    FONT,
  ]);
}

/** `pages` pages that all share one small content stream: a few hundred bytes a page. */
export function manyPagesPdf(pages: number): Uint8Array {
  const first = 5;
  const kids = Array.from({ length: pages }, (_, i) => `${first + i} 0 R`).join(' ');
  const content = deflateSync(Buffer.from(LINE, 'latin1'));
  const objects: (string | Buffer)[] = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`, stream(content), FONT];
  for (let i = 0; i < pages; i++) objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>');
  return assemblePdf(objects);
}

/** A page with real text whose resources hold an array nested `depth` deep ([[[[…]]]]). */
export function deepNestingPdf(depth: number): Uint8Array {
  const nested = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /Deep ${nested} >> /Contents 4 0 R >>`,
    stream(deflateSync(Buffer.from(LINE.repeat(3), 'latin1'))),
    FONT,
  ]);
}

/**
 * A whitespace bomb whose stream dictionary claims to be an image, so no scan of the file's
 * streams counts it; PDF.js still inflates it as page content. Only the memory or time bound of
 * the conversion thread stops it.
 */
export async function disguisedBombPdf(inflatedBytes: number): Promise<Uint8Array> {
  const deflated = await deflateRepeated(' ', inflatedBytes);
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 6 0 R >> >> /Contents [4 0 R 5 0 R] >>',
    stream(deflateSync(Buffer.from(LINE.repeat(3), 'latin1'))),
    stream(deflated, '/Subtype /Image /Filter /FlateDecode'),
    FONT,
  ]);
}

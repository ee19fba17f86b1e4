import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';

/**
 * The bad PDFs a user meets, made here rather than checked in:
 * - encrypted: a real PDF 1.4 "Standard security handler" file (RC4, 40-bit, revision 2, as
 *   in the PDF 1.7 spec §7.6.3), whose page text is encrypted under a user password;
 * - image-only: a page that is a picture of text (what a scanner makes), no text layer;
 * - truncated: the first part of a good PDF, as a broken download leaves it.
 */

const PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');
const md5 = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('md5')).digest();
const padded = (password: string) => Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + (s[i] as number) + (key[i % key.length] as number)) & 255;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
  }
  const out = Buffer.alloc(data.length);
  let i = 0;
  j = 0;
  for (let k = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + (s[i] as number)) & 255;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
    out[k] = (data[k] as number) ^ (s[((s[i] as number) + (s[j] as number)) & 255] as number);
  }
  return out;
}

export function encryptedPdf(text: string, userPassword: string, ownerPassword = 'owner'): Uint8Array {
  const id = createHash('md5').update(text).digest();
  const permissions = -4;
  const o = rc4(md5(padded(ownerPassword)).subarray(0, 5), padded(userPassword));
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const key = md5(padded(userPassword), o, p, id).subarray(0, 5);
  const u = rc4(key, PAD);
  const objectKey = (num: number) => md5(key, Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0])).subarray(0, 10);
  const content = rc4(objectKey(4), Buffer.from(`BT /F1 12 Tf 72 720 Td (${text}) Tj ET`, 'latin1'));
  const objects: (string | Buffer)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`, 'latin1'), content, Buffer.from('\nendstream', 'latin1')]),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${o.toString('hex')}> /U <${u.toString('hex')}> /P ${permissions} >>`,
  ];
  const trailer = `/Root 1 0 R /Encrypt 6 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>]`;
  return assemblePdf(objects, trailer);
}

function assemblePdf(objects: (string | Buffer)[], trailerEntries: string): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
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

/** A one-page PDF holding only a greyscale image with dark stripes where lines of text would be. */
export async function imageOnlyPdf(): Promise<Uint8Array> {
  const width = 200;
  const height = 260;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(width + 1, 255);
    row[0] = 0; // PNG filter: none
    if (y % 12 < 4 && y > 20 && y < 240) for (let x = 20; x < 180; x++) row[x + 1] = (x * 7 + y) % 9 < 6 ? 30 : 255;
    rows.push(row);
  }
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(png(width, height, Buffer.concat(rows)));
  doc.addPage([595, 842]).drawImage(image, { x: 50, y: 100, width: 495, height: 650 });
  return doc.save();
}

function png(width: number, height: number, filteredRows: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(filteredRows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Deterministic bytes that are no text in any encoding: what a binary renamed .txt looks like. */
export function binaryJunk(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/**
 * What a dead download link saves under a .pdf name: the site's HTML page (here a "not found"
 * page with a BOM and a comment before the doctype, as some servers send it).
 */
export function htmlPageNamedPdf(): Uint8Array {
  const page = `\ufeff<!-- served by the reports site -->\n<!DOCTYPE html>\n<html lang="en"><head><title>Page not found - Ofsted reports</title></head>\n<body><h1>Sorry, we cannot find that report</h1><p>The report you asked for has moved.</p></body></html>\n`;
  return new TextEncoder().encode(page);
}

/**
 * A good PDF whose trailer's /Info points at an object that is not a dictionary: the
 * metadata cannot be read, the pages can. Saved without object streams so the objects are plain text.
 */
export async function damagedInfoPdf(good: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(good);
  doc.setTitle('This title must not be read');
  const src = Buffer.from(await doc.save({ useObjectStreams: false })).toString('latin1');
  const ref = /\/Info (\d+) 0 R/.exec(src)?.[1];
  if (!ref) throw new Error('pdf-lib wrote no /Info entry');
  // Same length, so the cross-reference offsets stay right: the dictionary becomes a string.
  const damaged = src.replace(new RegExp(`(\\n${ref} 0 obj\\n)(<<[\\s\\S]*?>>)(\\nendobj)`), (_m, head: string, dict: string, tail: string) => {
    return `${head}(${'x'.repeat(dict.length - 2)})${tail}`;
  });
  if (damaged === src) throw new Error('info dictionary not found');
  return new Uint8Array(Buffer.from(damaged, 'latin1'));
}

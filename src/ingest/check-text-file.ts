import type { Outcome } from './outcome.js';
import { sniffFormat } from './sniff-format.js';

/** More control bytes than this share of the file (and a handful): binary data, not text. */
const MAX_CONTROL_SHARE = 0.01;
const MAX_CONTROL_BYTES = 4;

/**
 * A .txt/.md file's text exactly as stored, or why it cannot be a letter: empty, binary
 * (saying what it looks like), UTF-16, or not UTF-8 (naming the line of the first bad byte).
 */
export function checkTextFile(bytes: Uint8Array): Outcome<{ text: string }> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  const sniffed = sniffFormat(buf);
  if (sniffed?.format === 'pdf') return { ok: false, reason: 'binary file, not text: it is a PDF (rename it to .pdf)' };
  if (sniffed?.format === 'binary') return { ok: false, reason: `binary file, not text: it is ${sniffed.what}` };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { ok: false, reason: 'UTF-16 text; save it as UTF-8' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { ok: false, reason: 'UTF-16 text; save it as UTF-8' };
  let control = 0;
  for (const b of buf) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) control++;
  if (buf.includes(0) || control > Math.max(MAX_CONTROL_BYTES, MAX_CONTROL_SHARE * buf.length)) {
    return { ok: false, reason: `binary data, not text (${control} control bytes in ${buf.length})` };
  }
  const bad = firstInvalidUtf8(buf);
  if (bad !== -1) {
    const line = countLines(buf, bad);
    return { ok: false, reason: `not UTF-8 text: byte 0x${(buf[bad] as number).toString(16)} on line ${line} (Windows-1252 or Latin-1?); save it as UTF-8` };
  }
  const text = buf.toString('utf8');
  if (text.trim() === '') return { ok: false, reason: 'empty file (only whitespace)' };
  return { ok: true, text };
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629), or -1. */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    const [len, min] = b < 0x80 ? [1, 0] : b >= 0xc2 && b <= 0xdf ? [2, 0x80] : b >= 0xe0 && b <= 0xef ? [3, 0x800] : b >= 0xf0 && b <= 0xf4 ? [4, 0x10000] : [0, 0];
    if (len === 0 || i + len > buf.length) return i;
    let cp = len === 1 ? b : b & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const c = buf[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return -1;
}

function countLines(buf: Buffer, upTo: number): number {
  let n = 1;
  for (let i = 0; i < upTo; i++) if (buf[i] === 0x0a) n++;
  return n;
}

import { inflateSync } from 'node:zlib';

/**
 * Whether the FlateDecode streams of a PDF inflate to more than `budget` bytes in all, found by
 * inflating each with a cap (so never more than the budget in memory), before PDF.js is given
 * the file: PDF.js inflates a content stream whole, in buffers no heap limit counts. A stream
 * that does not inflate cleanly is left to PDF.js to judge. Images are not counted: text
 * extraction never decodes them.
 */
export function inflatesBeyond(bytes: Uint8Array, budget: number): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('latin1');
  const streamStart = /stream\r?\n/g;
  let remaining = budget;
  for (let m = streamStart.exec(text); m !== null; m = streamStart.exec(text)) {
    if (text.startsWith('end', m.index - 3)) continue;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    streamStart.lastIndex = end + 'endstream'.length;
    // The stream's dictionary: from its "n 0 obj" (nested dictionaries included), at most 4 KB back.
    const dict = text.slice(Math.max(0, text.lastIndexOf('obj', m.index), m.index - 4096), m.index);
    if (!dict.includes('FlateDecode') || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    try {
      remaining -= inflateSync(buf.subarray(start, end), { maxOutputLength: remaining + 1, finishFlush: 2 }).length;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return true;
    }
    if (remaining < 0) return true;
  }
  return false;
}

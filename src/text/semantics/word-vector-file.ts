/**
 * The compact word-vector table on disk: one file, read in one go, no parsing beyond a small
 * header. Keys are sorted stems (so a lookup is a binary search over bytes, with nothing to build
 * at load); each vector is L2-normalised and quantised to int8 with its own scale.
 *
 *   "LAWVEC01"  u32 header bytes  header JSON (padded to 4 bytes)
 *   u32 offsets[count + 1]        into the key bytes
 *   f32 scales[count]
 *   i8  vectors[count * dims]
 *   key bytes (UTF-8, sorted by byte order)
 */
const MAGIC = 'LAWVEC01';

export interface WordVectorHeader {
  format: 1;
  dims: number;
  count: number;
  /** What the table was made from, so a changed source or stemmer makes a new table. */
  source: string;
  /** Checksum of everything after the header. */
  checksum: number;
}

export interface WordVectorEntry {
  key: string;
  vector: ArrayLike<number>;
}

export interface WordVectorData {
  header: WordVectorHeader;
  offsets: Uint32Array;
  scales: Float32Array;
  vectors: Int8Array;
  keys: Uint8Array;
}

const encoder = new TextEncoder();

/** Sorts, normalises and quantises entries (first entry wins for a repeated key) into the file's bytes. */
export function encodeWordVectors(entries: Iterable<WordVectorEntry>, dims: number, source: string): Uint8Array {
  const byKey = new Map<string, ArrayLike<number>>();
  for (const e of entries) if (!byKey.has(e.key)) byKey.set(e.key, e.vector);
  const keyBytes = [...byKey.keys()].map((k) => ({ key: k, bytes: encoder.encode(k) })).sort((a, b) => compareBytes(a.bytes, b.bytes));
  const count = keyBytes.length;
  const offsets = new Uint32Array(count + 1);
  const scales = new Float32Array(count);
  const vectors = new Int8Array(count * dims);
  let keyLength = 0;
  keyBytes.forEach(({ key, bytes }, i) => {
    offsets[i] = keyLength;
    keyLength += bytes.length;
    quantise(byKey.get(key) as ArrayLike<number>, dims, vectors.subarray(i * dims, (i + 1) * dims), scales, i);
  });
  offsets[count] = keyLength;
  const keys = new Uint8Array(keyLength);
  let at = 0;
  for (const { bytes } of keyBytes) {
    keys.set(bytes, at);
    at += bytes.length;
  }
  const body = concat([new Uint8Array(offsets.buffer), new Uint8Array(scales.buffer), new Uint8Array(vectors.buffer), keys]);
  const header: WordVectorHeader = { format: 1, dims, count, source, checksum: checksum(body) };
  return concat([headerBytes(header), body]);
}

function quantise(v: ArrayLike<number>, dims: number, out: Int8Array, scales: Float32Array, i: number): void {
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += (v[d] as number) ** 2;
  norm = Math.sqrt(norm) || 1;
  let max = 0;
  for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs((v[d] as number) / norm));
  const scale = max / 127 || 1;
  for (let d = 0; d < dims; d++) out[d] = Math.round((v[d] as number) / norm / scale);
  scales[i] = scale;
}

/** Reads the file's bytes back; throws on anything that is not a whole, intact table. */
export function decodeWordVectors(file: Uint8Array, expectedSource?: string): WordVectorData {
  const text = new TextDecoder();
  if (file.length < 12 || text.decode(file.subarray(0, 8)) !== MAGIC) throw new Error('not a word-vector table');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = view.getUint32(8, true);
  const bodyStart = 12 + headerLength;
  if (bodyStart > file.length) throw new Error('word-vector table is truncated');
  const header = JSON.parse(text.decode(file.subarray(12, bodyStart))) as WordVectorHeader;
  if (header.format !== 1) throw new Error(`unknown word-vector format ${String(header.format)}`);
  if (expectedSource !== undefined && header.source !== expectedSource) throw new Error('word-vector table was made from another source');
  const { count, dims } = header;
  // Typed views need 4-byte alignment: a file read whole is aligned; otherwise copy it.
  const aligned = (file.byteOffset + bodyStart) % 4 === 0;
  const body = aligned ? file.subarray(bodyStart) : new Uint8Array(file.subarray(bodyStart));
  const fixed = (count + 1) * 4 + count * 4 + count * dims;
  if (body.length < fixed) throw new Error('word-vector table is truncated');
  const base = body.byteOffset;
  const offsets = new Uint32Array(body.buffer, base, count + 1);
  const keyLength = offsets[count] as number;
  if (body.length !== fixed + keyLength) throw new Error('word-vector table has the wrong length');
  if (checksum(body) !== header.checksum) throw new Error('word-vector table is corrupt (checksum)');
  return {
    header,
    offsets,
    scales: new Float32Array(body.buffer, base + (count + 1) * 4, count),
    vectors: new Int8Array(body.buffer, base + (count + 1) * 4 + count * 4, count * dims),
    keys: body.subarray(fixed, fixed + keyLength),
  };
}

function headerBytes(header: WordVectorHeader): Uint8Array {
  let json = JSON.stringify(header);
  // Pad so the body starts 4-byte aligned.
  while ((12 + encoder.encode(json).length) % 4 !== 0) json += ' ';
  const h = encoder.encode(json);
  const out = new Uint8Array(12 + h.length);
  out.set(encoder.encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, h.length, true);
  out.set(h, 12);
  return out;
}

/** FNV-1a over the bytes, four at a time: catches truncation and flipped bytes in a few ms. */
export function checksum(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  const words = Math.floor(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < words; i++) h = Math.imul(h ^ view.getUint32(i * 4, true), 0x01000193);
  for (let i = words * 4; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

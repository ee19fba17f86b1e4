import { open, readFile, stat } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { BitmapColumns } from './bitmap-columns.js';
import type { ChunkRecord } from './chunk-record.js';
import { decodeChunks, encodeChunks } from './chunk-table.js';
import type { Segment } from './segment-files.js';
import { segmentFile } from './segment-files.js';
import { VectorMatrix } from './vector-matrix.js';
import type { StoredRows, VectorStore } from './vector-store.js';

/** int8 codes, dimension-major (VectorMatrix), and one float32 scale per vector. */
const CODES_FILE = 'vectors.i8';
/** The same codes as bitmap columns (bitmap-columns.ts): written instead of vectors.i8 when smaller. */
const BITMAP_FILE = 'vectors.i8b';
const SCALES_FILE = 'scales.f32';
/** Builds before int8: row-major float32 vectors (read and quantized). */
const FLOAT_FILE = 'vectors.f32';
const CHUNKS_FILE = 'chunks.json';
const SLICE = 1 << 26;

/**
 * The default store: vectors as raw int8 codes (one byte per number, read straight into the
 * search matrix) with a float32 scale per vector, and chunk records as a compact JSON table
 * beside them. No per-item JSON, so no string-length ceiling: size is bounded by disk and memory only.
 */
export const binaryStore: VectorStore = {
  format: 'binary',

  async write(buildDir: string, rows: StoredRows, dimensions: number): Promise<void> {
    await writeSegmentRows(buildDir, '', rows, dimensions);
  },

  async read(buildDir: string, dimensions: number, count: number, segments?: readonly Segment[]): Promise<StoredRows> {
    assertLittleEndian();
    if (segments && (segments.length !== 1 || segments[0]?.name !== '')) return readSegments(buildDir, dimensions, count, segments);
    const chunks = decodeChunks(JSON.parse(await readFile(path.join(buildDir, CHUNKS_FILE), 'utf8')), count);
    const codes = await readCodes(buildDir, '', count, dimensions);
    if (!codes) {
      const floats = new Float32Array(count * dimensions);
      await readInto(path.join(buildDir, FLOAT_FILE), floats, `${count} × ${dimensions} × 4`);
      return { chunks, matrix: VectorMatrix.quantize(floats, dimensions) };
    }
    const scales = new Float32Array(count);
    await readInto(path.join(buildDir, SCALES_FILE), scales, `${count} × 4`);
    return { chunks, matrix: new VectorMatrix(count, dimensions, [codes], scales) };
  },
};

/** The binary store's files of one segment (named '' in a build of one segment); a segment has one of the two codes files. */
export const BINARY_SEGMENT_FILES = [SCALES_FILE, CHUNKS_FILE] as const;
export const BINARY_CODES_FILES = [BITMAP_FILE, CODES_FILE] as const;

/** A segment's codes: its bitmap columns (decoded as the matrix needs them) or its plain codes; null when it has neither (a float32 build). */
async function readCodes(buildDir: string, segment: string, rows: number, dimensions: number): Promise<Int8Array | BitmapColumns | null> {
  const bitmapFile = path.join(buildDir, segmentFile(segment, BITMAP_FILE));
  const bitmapSize = await sizeOf(bitmapFile);
  if (bitmapSize !== null) {
    const bytes = new Uint8Array(bitmapSize);
    await readInto(bitmapFile, bytes, 'its own size');
    return BitmapColumns.from(bytes, rows, dimensions);
  }
  const codesFile = path.join(buildDir, segmentFile(segment, CODES_FILE));
  if ((await sizeOf(codesFile)) === null) return null;
  const codes = new Int8Array(rows * dimensions);
  await readInto(codesFile, codes, `${rows} × ${dimensions}`);
  return codes;
}

/** Writes one segment's rows (codes dimension-major over the segment's own rows), each file flushed. */
export async function writeSegmentRows(buildDir: string, name: string, rows: StoredRows, dimensions: number): Promise<void> {
  assertLittleEndian();
  const { matrix } = rows;
  if (matrix.count !== rows.chunks.length || matrix.dimensions !== dimensions) throw new Error('vector matrix does not match chunk count');
  const codes = matrix.codes;
  const bitmap = BitmapColumns.encode(codes, matrix.count, dimensions);
  await writeSynced(path.join(buildDir, segmentFile(name, bitmap ? BITMAP_FILE : CODES_FILE)), bitmap ?? codes);
  await writeSynced(path.join(buildDir, segmentFile(name, SCALES_FILE)), matrix.scales);
  await writeSynced(path.join(buildDir, segmentFile(name, CHUNKS_FILE)), JSON.stringify(encodeChunks(rows.chunks)));
}

/** A build of several segments: each segment's codes are one block of the matrix (read in one go, not interleaved). */
async function readSegments(buildDir: string, dimensions: number, count: number, segments: readonly Segment[]): Promise<StoredRows> {
  const total = segments.reduce((n, s) => n + s.rows, 0);
  if (total !== count) throw new Error(`segments hold ${total} rows, expected ${count}`);
  const chunks: ChunkRecord[] = [];
  const blocks: (Int8Array | BitmapColumns)[] = [];
  const scales = new Float32Array(count);
  let row = 0;
  for (const seg of segments) {
    const m = seg.rows;
    for (const c of decodeChunks(JSON.parse(await readFile(path.join(buildDir, segmentFile(seg.name, CHUNKS_FILE)), 'utf8')), m)) chunks.push(c);
    await readInto(path.join(buildDir, segmentFile(seg.name, SCALES_FILE)), scales.subarray(row, row + m), `${m} × 4`);
    const codes = await readCodes(buildDir, seg.name, m, dimensions);
    if (!codes) throw new Error(`segment ${seg.name || '(first)'} has no ${CODES_FILE} or ${BITMAP_FILE}`);
    blocks.push(codes);
    row += m;
  }
  return { chunks, matrix: new VectorMatrix(count, dimensions, blocks, scales) };
}

async function sizeOf(file: string): Promise<number | null> {
  return stat(file).then(
    (s) => s.size,
    () => null,
  );
}

/** Reads a file into the array itself, a slice at a time: no second copy of a file that can be gigabytes. */
async function readInto(file: string, into: Int8Array | Uint8Array | Float32Array, shape: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size !== into.byteLength) throw new Error(`${path.basename(file)} has ${size} bytes, expected ${into.byteLength} (${shape})`);
    for (let off = 0; off < into.byteLength; ) {
      const slice = new Uint8Array(into.buffer, into.byteOffset + off, Math.min(into.byteLength - off, SLICE));
      const { bytesRead } = await handle.read(slice, 0, slice.length, off);
      if (bytesRead === 0) throw new Error(`${path.basename(file)} ended early`);
      off += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('the binary index store needs a little-endian machine; set INDEX_STORE=vectra');
}

export async function writeSynced(file: string, data: Int8Array | Uint8Array | Float32Array | string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    if (typeof data === 'string') await handle.writeFile(data);
    // In slices: one write call (and one Uint8Array view) is limited to a few gigabytes.
    else {
      for (let off = 0; off < data.byteLength; ) {
        const slice = new Uint8Array(data.buffer, data.byteOffset + off, Math.min(SLICE, data.byteLength - off));
        off += (await handle.write(slice, 0, slice.length, off)).bytesWritten;
      }
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

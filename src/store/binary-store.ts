import { open, readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { decodeChunks, encodeChunks } from './chunk-table.js';
import type { StoredRows, VectorStore } from './vector-store.js';

const VECTORS_FILE = 'vectors.f32';
const CHUNKS_FILE = 'chunks.json';
const SLICE = 1 << 26;

/**
 * The default store: vectors as one raw little-endian Float32 file (4 bytes per number, read
 * straight into the search matrix) and chunk records as a compact JSON table beside it. No
 * per-item JSON, so no string-length ceiling: size is bounded by disk and memory only.
 */
export const binaryStore: VectorStore = {
  format: 'binary',

  async write(buildDir: string, rows: StoredRows, dimensions: number): Promise<void> {
    assertLittleEndian();
    if (rows.vectors.length !== rows.chunks.length * dimensions) throw new Error('vector matrix does not match chunk count');
    await writeSynced(path.join(buildDir, VECTORS_FILE), rows.vectors);
    await writeSynced(path.join(buildDir, CHUNKS_FILE), JSON.stringify(encodeChunks(rows.chunks)));
  },

  async read(buildDir: string, dimensions: number, count: number): Promise<StoredRows> {
    assertLittleEndian();
    const vectors = new Float32Array(count * dimensions);
    const handle = await open(path.join(buildDir, VECTORS_FILE), 'r');
    try {
      const { size } = await handle.stat();
      if (size !== vectors.byteLength) throw new Error(`${VECTORS_FILE} has ${size} bytes, expected ${vectors.byteLength} (${count} × ${dimensions} × 4)`);
      // Read into the matrix itself, a slice at a time: no second copy of a file that can be gigabytes.
      for (let off = 0; off < vectors.byteLength; ) {
        const slice = new Uint8Array(vectors.buffer, off, Math.min(vectors.byteLength - off, SLICE));
        const { bytesRead } = await handle.read(slice, 0, slice.length, off);
        if (bytesRead === 0) throw new Error(`${VECTORS_FILE} ended early`);
        off += bytesRead;
      }
    } finally {
      await handle.close();
    }
    const chunks = decodeChunks(JSON.parse(await readFile(path.join(buildDir, CHUNKS_FILE), 'utf8')), count);
    return { chunks, vectors };
  },
};

function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('the binary index store needs a little-endian machine; set INDEX_STORE=vectra');
}

async function writeSynced(file: string, data: Float32Array | string): Promise<void> {
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

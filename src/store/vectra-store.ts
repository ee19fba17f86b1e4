import { open } from 'node:fs/promises';
import path from 'node:path';
import { type ChunkRecord, chunkRecord, type StoredChunk, storedChunkSchema } from './chunk-record.js';
import { VectorMatrix } from './vector-matrix.js';
import { type StoredRows, StoreLimitError, type VectorStore } from './vector-store.js';

/** V8's longest string (2^29 − 24 UTF-16 units): vectra reads index.json into one string. */
export const VECTRA_MAX_JSON_CHARS = 2 ** 29 - 24;
const BATCH = 2000;

/**
 * vectra's LocalIndex format (one index.json), for tools that read vectra indexes. We write the
 * file ourselves in one pass: vectra's insertItem scans every item for a duplicate id, which makes
 * a build quadratic, and endUpdate stringifies the whole index at once. Reading goes through
 * vectra itself. The file must stay under V8's string limit: about 72,000 chunks with the built-in
 * 768-dimension embedder (7.4 KB each, measured: docs/performance.md).
 * `maxChars` is that limit; tests pass a small one.
 */
export function createVectraStore(maxChars = VECTRA_MAX_JSON_CHARS): VectorStore {
  return {
    format: 'vectra',

    async write(buildDir: string, rows: StoredRows, dimensions: number): Promise<void> {
      const handle = await open(path.join(buildDir, 'index.json'), 'w');
      try {
        let written = 0;
        const put = async (s: string) => {
          written += s.length;
          if (written > maxChars) {
            throw new StoreLimitError(
              `vectra's index.json would pass ${Math.round(maxChars / 2 ** 20)} MB (V8's string limit) at ${rows.chunks.length} chunks × ${dimensions} dimensions, and vectra could not load it: use INDEX_STORE=binary`,
            );
          }
          await handle.write(s);
        };
        await put('{"version":1,"metadata_config":{},"items":[');
        const vectors = rows.matrix.toRows();
        for (let from = 0; from < rows.chunks.length; from += BATCH) {
          const parts: string[] = [];
          for (let i = from; i < Math.min(from + BATCH, rows.chunks.length); i++) {
            const r = rows.chunks[i] as ChunkRecord;
            const vector = Array.from(vectors.subarray(i * dimensions, (i + 1) * dimensions));
            parts.push(JSON.stringify({ id: r.id, metadata: toMetadata(r), vector, norm: Math.hypot(...vector) }));
          }
          await put((from === 0 ? '' : ',') + parts.join(','));
        }
        await put(']}');
        await handle.sync();
      } finally {
        await handle.close();
      }
    },

    async read(buildDir: string, dimensions: number, count: number): Promise<StoredRows> {
      // Imported when used: loading vectra costs ~0.5 s of start-up, and the default store never needs it.
      const { LocalIndex } = await import('vectra');
      const items = await new LocalIndex<StoredChunk>(buildDir).listItems();
      if (items.length !== count) throw new Error(`index.json has ${items.length} items, manifest says ${count}`);
      const vectors = new Float32Array(count * dimensions);
      const chunks = items.map((item, i) => {
        if (item.vector.length !== dimensions) throw new Error(`item ${item.id} has ${item.vector.length} dimensions, expected ${dimensions}`);
        vectors.set(item.vector, i * dimensions);
        const m = storedChunkSchema.parse(item.metadata);
        return chunkRecord(m.letterId, { ...m, section: m.section || null }, item.id);
      });
      return { chunks, matrix: VectorMatrix.quantize(vectors, dimensions) };
    },
  };
}

export const vectraStore: VectorStore = createVectraStore();

function toMetadata(r: ChunkRecord): StoredChunk {
  // vectra metadata values cannot be null. The key order is the file's: keep it.
  return { letterId: r.letterId, n: r.n, start: r.start, end: r.end, section: r.section ?? '', kind: r.kind, tokens: r.tokens };
}

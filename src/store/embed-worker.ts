import { parentPort, workerData } from 'node:worker_threads';
import type { ChunkOptions } from '../chunk/chunk.js';
import { HashingEmbedder } from '../embed/hashing-embedder.js';
import { chunkTexts, embedBatch } from './embed-batch.js';

export type EmbedTask = { id: number; kind: 'chunk'; texts: string[] } | { id: number; kind: 'embed'; passages: string[] };
export type EmbedWorkerData = { dimensions: number; embedderId: string; chunkOptions: ChunkOptions };

/**
 * One thread of the build's embedding pool (embed-pool.ts): letters' texts in, their chunks out;
 * passages in, their built-in vectors and index terms out (the buffers transferred, not copied).
 */
if (parentPort) {
  const port = parentPort;
  const { dimensions, embedderId, chunkOptions } = workerData as EmbedWorkerData;
  const embedder = new HashingEmbedder(dimensions);
  port.on('message', (task: EmbedTask) => {
    try {
      if (embedder.id !== embedderId) throw new Error(`this thread's built-in embedder is ${embedder.id}, the build's is ${embedderId}`);
      if (task.kind === 'chunk') {
        port.postMessage({ id: task.id, chunks: chunkTexts(task.texts, chunkOptions) });
      } else {
        const batch = embedBatch(embedder, task.passages);
        port.postMessage({ id: task.id, batch }, [batch.vectors.buffer as ArrayBuffer, batch.termIds.buffer as ArrayBuffer, batch.termEnds.buffer as ArrayBuffer]);
      }
    } catch (err) {
      port.postMessage({ id: task.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
}

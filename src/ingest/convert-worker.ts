import { parentPort, workerData } from 'node:worker_threads';
import type { IngestLimits } from './ingest-limits.js';
import { sourceText } from './source-text.js';

type Task = { id: number; name: string; bytes: Uint8Array };

/**
 * One runner of the conversion pool (convert-pool.ts): a file's bytes in, its letter text (or
 * why not) out. A worker thread gets its limits as workerData; a child process as its argument.
 */
if (parentPort) {
  const port = parentPort;
  const { limits } = workerData as { limits: IngestLimits };
  port.on('message', async (task: Task) => port.postMessage({ id: task.id, result: await sourceText(task.name, task.bytes, limits) }));
} else if (process.send) {
  const limits = JSON.parse(process.argv[2] ?? '{}') as IngestLimits;
  process.on('message', async (task: Task) => process.send?.({ id: task.id, result: await sourceText(task.name, new Uint8Array(task.bytes), limits) }));
  // The parent gone (killed, crashed): nothing left to convert for.
  process.on('disconnect', () => process.exit(0));
}

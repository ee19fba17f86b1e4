import { parentPort } from 'node:worker_threads';
import { sourceText } from './source-text.js';

/** One thread of the conversion pool (convert-pool.ts): a file's bytes in, its letter text (or why not) out. */
parentPort?.on('message', async (task: { id: number; name: string; bytes: Uint8Array }) => {
  parentPort?.postMessage({ id: task.id, result: await sourceText(task.name, task.bytes) });
});

import { Worker } from 'node:worker_threads';
import { errorMessage } from '../base/error-message.js';
import type { Outcome } from './outcome.js';
import { type SourceText, sourceText } from './source-text.js';

/** Turns a source file into letter text: sourceText itself, or the same on another thread. */
export type Convert = (name: string, bytes: Uint8Array) => Promise<Outcome<SourceText>>;

export interface ConvertPool {
  convert: Convert;
  close(): Promise<void>;
}

interface Task {
  id: number;
  name: string;
  bytes: Uint8Array;
  resolve: (r: Outcome<SourceText>) => void;
}

const WORKER = new URL(`./convert-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
// Run from source (tsx), a worker thread must load the TypeScript loader itself: Node does not pass
// it on to workers, and a .ts worker file fails with "Unknown file extension".
const BOOT = WORKER.endsWith('.ts')
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER)}); });`
  : `import(${JSON.stringify(WORKER)});`;

/**
 * PDF conversion is CPU-bound (PDF.js parses on the calling thread), so a folder of PDFs is
 * converted on `size` worker threads while the main thread writes letters in order. A worker
 * that dies fails only the file it held and is replaced.
 */
export function convertPool(size: number): ConvertPool {
  const queue: Task[] = [];
  const busy = new Map<Worker, Task>();
  const idle: Worker[] = [];
  const workers = new Set<Worker>();
  let nextId = 0;
  let closed = false;

  const spawn = () => {
    const worker = new Worker(BOOT, { eval: true });
    workers.add(worker);
    worker.on('message', (msg: { id: number; result: Outcome<SourceText> }) => {
      const task = busy.get(worker);
      busy.delete(worker);
      if (task?.id === msg.id) task.resolve(msg.result);
      idle.push(worker);
      pump();
    });
    worker.on('error', (err) => {
      const task = busy.get(worker);
      busy.delete(worker);
      workers.delete(worker);
      task?.resolve({ ok: false, reason: `conversion failed (${errorMessage(err)})` });
      if (!closed) spawn();
      pump();
    });
    idle.push(worker);
  };
  const pump = () => {
    while (queue.length > 0 && idle.length > 0) {
      const worker = idle.pop() as Worker;
      const task = queue.shift() as Task;
      busy.set(worker, task);
      // A copy the worker owns: the caller's buffer may be a slice of a shared pool.
      const bytes = new Uint8Array(task.bytes);
      worker.postMessage({ id: task.id, name: task.name, bytes }, [bytes.buffer]);
    }
  };
  for (let i = 0; i < size; i++) spawn();

  return {
    convert: (name, bytes) => {
      if (closed) return sourceText(name, bytes);
      return new Promise((resolve) => {
        queue.push({ id: nextId++, name, bytes, resolve });
        pump();
      });
    },
    async close() {
      closed = true;
      await Promise.all([...workers].map((w) => w.terminate()));
    },
  };
}

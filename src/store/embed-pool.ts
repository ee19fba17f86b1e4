import { Worker } from 'node:worker_threads';
import type { Chunk, ChunkOptions } from '../chunk/chunk.js';
import type { HashingEmbedder } from '../embed/hashing-embedder.js';
import type { EmbeddedBatch } from './embed-batch.js';
import type { EmbedTask, EmbedWorkerData } from './embed-worker.js';

/** Chunking and built-in embedding on other threads, for a build (embed-letters.ts). */
export interface EmbedPool {
  chunk(texts: string[]): Promise<Chunk[][]>;
  embed(passages: string[]): Promise<EmbeddedBatch>;
  close(): Promise<void>;
}

type Reply = { id: number; chunks?: Chunk[][]; batch?: EmbeddedBatch; error?: string };

interface Pending {
  task: EmbedTask;
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
}

const WORKER = new URL(`./embed-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
// As in ingest/convert-pool.ts: run from source (tsx), a worker thread must register the TypeScript loader itself.
const BOOT = WORKER.endsWith('.ts')
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER)}); });`
  : `import(${JSON.stringify(WORKER)});`;

/**
 * `threads` worker threads, started at once (they take a few hundred ms to load), each given one
 * task at a time from a queue. A thread that fails or stops fails every task, now and later: a
 * build must not go on with part of its letters, and the caller's build is then abandoned before
 * anything is published.
 */
export function startEmbedPool(threads: number, embedder: HashingEmbedder, chunkOptions: ChunkOptions, heapMb?: number): EmbedPool {
  const data: EmbedWorkerData = { dimensions: embedder.dimensions, embedderId: embedder.id, chunkOptions };
  const queue: Pending[] = [];
  const busy = new Map<Worker, Pending>();
  const idle: Worker[] = [];
  const workers: Worker[] = [];
  let failure: Error | null = null;
  let closed = false;
  let nextId = 0;

  const fail = (reason: string) => {
    if (failure || closed) return;
    failure = new Error(`index build failed: an indexing thread ${reason}`);
    for (const p of [...busy.values(), ...queue]) p.reject(failure);
    busy.clear();
    queue.length = 0;
    for (const w of workers) void w.terminate();
  };
  const pump = () => {
    while (!failure && queue.length > 0) {
      const worker = idle.pop();
      if (!worker) return;
      const next = queue.shift() as Pending;
      busy.set(worker, next);
      worker.postMessage(next.task);
    }
  };

  for (let i = 0; i < threads; i++) {
    const worker = new Worker(BOOT, { eval: true, workerData: data, ...(heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}) });
    worker.on('message', (reply: Reply) => {
      const pending = busy.get(worker);
      if (!pending || pending.task.id !== reply.id) return;
      busy.delete(worker);
      idle.push(worker);
      if (reply.error !== undefined) return fail(`failed: ${reply.error}`);
      pending.resolve(reply);
      pump();
    });
    worker.on('error', (err) => fail(`crashed: ${err instanceof Error ? err.message : String(err)}`));
    worker.on('exit', (code) => fail(`stopped (exit code ${code})`));
    workers.push(worker);
    idle.push(worker);
  }

  const run = <T>(task: EmbedTask, take: (reply: Reply) => T): Promise<T> => {
    const result = new Promise<Reply>((resolve, reject) => {
      if (failure) return reject(failure);
      if (closed) return reject(new Error('the indexing threads are closed'));
      queue.push({ task, resolve, reject });
      pump();
    }).then(take);
    // Tasks are queued ahead of being awaited: one failing before its turn is not an unhandled rejection (its awaiter still gets it).
    result.catch(() => {});
    return result;
  };

  return {
    chunk: (texts) => run({ id: nextId++, kind: 'chunk', texts }, (r) => r.chunks as Chunk[][]),
    embed: (passages) => run({ id: nextId++, kind: 'embed', passages }, (r) => r.batch as EmbeddedBatch),
    async close() {
      closed = true;
      const stopped = new Error('the indexing threads are closed');
      for (const p of [...busy.values(), ...queue]) p.reject(stopped);
      busy.clear();
      queue.length = 0;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

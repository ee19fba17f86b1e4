import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { errorMessage } from '../base/error-message.js';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from './ingest-limits.js';
import type { Outcome } from './outcome.js';
import { type SourceText, sourceText } from './source-text.js';

export type Converted = Outcome<SourceText>;
type ConvertFailure = Extract<Converted, { ok: false }>;

/** Turns a source file into letter text: sourceText itself, or the same on another thread. */
export type Convert = (name: string, bytes: Uint8Array) => Promise<Converted>;

export interface ConvertPool {
  convert: Convert;
  close(): Promise<void>;
}

interface Task {
  id: number;
  name: string;
  bytes: Uint8Array;
  resolve: (r: Converted) => void;
  startedAt?: number;
  /** Memory of the runner when the task started, to see how much reading the file adds. */
  rssAtStart?: number;
  timer?: NodeJS.Timeout;
}

/** Where files are read: threads of this process, or child processes (whose memory the OS takes back whole when one is killed). */
export type Isolation = 'thread' | 'process';

/** One thread or child process of the pool. */
interface Runner {
  send(message: { id: number; name: string; bytes: Uint8Array }): void;
  kill(): void;
  /** Resident memory of what the runner can make grow: the child process, or this process for a thread. */
  rss(): number | null;
}

type RunnerEvents = { message: (msg: { id: number; result: Converted }) => void; failed: (reason: string, outOfMemory: boolean) => void };

const WORKER = new URL(`./convert-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
// Run from source (tsx), a worker thread must load the TypeScript loader itself: Node does not pass
// it on to workers, and a .ts worker file fails with "Unknown file extension".
const BOOT = WORKER.endsWith('.ts')
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER)}); });`
  : `import(${JSON.stringify(WORKER)});`;
/** How often memory is looked at while a file is being read. */
const WATCH_MS = 50;

function threadRunner(limits: IngestLimits, on: RunnerEvents): Runner {
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: { limits },
    resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, limits.maxMemoryMb / 4) },
  });
  worker.unref();
  worker.on('message', on.message);
  worker.on('error', (err) => on.failed(`conversion failed (${errorMessage(err)})`, (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'));
  worker.on('exit', () => on.failed('conversion failed (the conversion thread stopped)', false));
  return { send: (m) => worker.postMessage(m, [m.bytes.buffer as ArrayBuffer]), kill: () => void worker.terminate(), rss: () => process.memoryUsage.rss() };
}

function processRunner(limits: IngestLimits, on: RunnerEvents): Runner {
  const loader = WORKER.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
  const child = fork(fileURLToPath(WORKER), [JSON.stringify(limits)], {
    execArgv: [...loader, `--max-old-space-size=${limits.maxMemoryMb}`],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.unref();
  child.channel?.unref();
  child.on('message', on.message as (m: unknown) => void);
  child.on('error', (err) => on.failed(`conversion failed (${errorMessage(err)})`, false));
  child.on('exit', (code, signal) => on.failed(`conversion failed (the conversion process stopped: ${signal ?? code})`, false));
  return {
    send: (m) => child.send(m),
    kill: () => void child.kill('SIGKILL'),
    rss: () => processRss(child.pid),
  };
}

/** Resident bytes of a process, from /proc on Linux; null elsewhere (the timeout and heap cap still hold). */
function processRss(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? pages * 4096 : null;
  } catch {
    return null;
  }
}

/**
 * PDF conversion is CPU-bound (PDF.js parses on the calling thread), so files are converted on
 * `size` runners: the CLI's several threads, to go faster; the server's one child process, so a
 * hostile PDF never blocks its event loop and the memory it took is given back when it is
 * killed (freed thread memory stays in this process's allocator). Each file is bounded by
 * `limits`: the runner's heap, a wall-clock timeout, and the runner's growth in memory while it
 * reads (PDF.js inflates streams into buffers no heap limit counts). A runner over a bound is
 * killed, fails only its file and is replaced. Runners start on first use.
 */
export function convertPool(size: number, limits: IngestLimits = DEFAULT_INGEST_LIMITS, isolation: Isolation = 'thread'): ConvertPool {
  const queue: Task[] = [];
  const busy = new Map<Runner, Task>();
  const idle: Runner[] = [];
  const runners = new Set<Runner>();
  let nextId = 0;
  let closed = false;
  let watch: NodeJS.Timeout | null = null;
  const maxGrowth = limits.maxMemoryMb * 1048576;

  const finish = (runner: Runner, result: Converted, kill: boolean) => {
    const task = busy.get(runner);
    busy.delete(runner);
    if (task) {
      clearTimeout(task.timer);
      task.resolve(result);
    }
    if (kill) {
      runners.delete(runner);
      const at = idle.indexOf(runner);
      if (at >= 0) idle.splice(at, 1);
      runner.kill();
    } else idle.push(runner);
    if (busy.size === 0 && watch) {
      clearInterval(watch);
      watch = null;
    }
    pump();
  };

  const spawn = () => {
    let runner: Runner | null = null;
    const events: RunnerEvents = {
      message: (msg) => {
        if (runner && busy.get(runner)?.id === msg.id) finish(runner, msg.result, false);
      },
      failed: (reason, outOfMemory) => {
        if (runner && runners.has(runner)) finish(runner, outOfMemory ? overMemory() : { ok: false, reason }, true);
      },
    };
    runner = isolation === 'process' ? processRunner(limits, events) : threadRunner(limits, events);
    runners.add(runner);
    idle.push(runner);
  };
  const overMemory = (): ConvertFailure => ({
    ok: false,
    reason: `needs more than ${limits.maxMemoryMb} MB of memory to read (INGEST_MAX_MEMORY_MB): an inflate bomb or a damaged file`,
    limit: 'memory',
  });
  const checkMemory = () => {
    for (const [runner, task] of busy) {
      const rss = runner.rss();
      if (rss !== null && rss - (task.rssAtStart ?? rss) > maxGrowth) {
        finish(runner, overMemory(), true);
        // Threads share one process's memory: one kill per look, the longest-running first (Map order).
        if (isolation === 'thread') return;
      }
    }
  };
  const pump = () => {
    while (!closed && queue.length > 0) {
      if (idle.length === 0 && runners.size < size) spawn();
      const runner = idle.pop();
      if (!runner) return;
      const task = queue.shift() as Task;
      busy.set(runner, task);
      task.startedAt = performance.now();
      task.rssAtStart = runner.rss() ?? undefined;
      const tooLong = {
        ok: false as const,
        reason: `took longer than ${(limits.timeoutMs / 1000).toFixed(1)} s to read (INGEST_TIMEOUT_MS): too complex or damaged`,
        limit: 'time' as const,
      };
      task.timer = setTimeout(() => finish(runner, tooLong, true), limits.timeoutMs);
      watch ??= setInterval(checkMemory, WATCH_MS);
      // A copy the runner owns: the caller's buffer may be a slice of a shared pool.
      runner.send({ id: task.id, name: task.name, bytes: new Uint8Array(task.bytes) });
    }
  };

  return {
    convert: (name, bytes) => {
      if (closed) return sourceText(name, bytes, limits);
      return new Promise((resolve) => {
        queue.push({ id: nextId++, name, bytes, resolve });
        pump();
      });
    },
    async close() {
      closed = true;
      if (watch) clearInterval(watch);
      for (const [runner] of busy) finish(runner, { ok: false, reason: 'conversion stopped: shutting down' }, true);
      for (const runner of runners) runner.kill();
      runners.clear();
      idle.length = 0;
    },
  };
}

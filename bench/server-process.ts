import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { type Percentiles, percentiles } from './floors.js';

export interface ServerRun {
  /** From spawn to the first 200 from /healthz, in ms. */
  readyMs: number;
  /** CPU time the server process had used when it was ready: what start costs without other processes' load. */
  readyCpuMs: number;
  /** The first /api/search after ready (builds the retriever), in ms. */
  firstSearchMs: number;
  /** Peak resident memory of the server process (VmHWM) after that search, in MB. */
  peakRssMB: number;
  /** Over real HTTP after that search: `requests` requests, searches and offline answers alternating (absent in older runs). */
  http?: { requests: number; search: Percentiles; answer: Percentiles; rssMB: number; peakRssMB: number };
}

const ROOT = path.resolve(import.meta.dirname, '..');

/** Starts the real server as `npm start` runs it (dist/main.js, compiled by run-bench first) on a free loopback port, times it, and stops it. */
export async function timeServerStart(env: Record<string, string>, query: string, timeoutMs: number, questions: string[] = []): Promise<ServerRun> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: ROOT,
    // No rate limit: every request of the HTTP run is measured.
    env: { ...offlineEnv(), ...env, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base, child, timeoutMs, () => stderr);
    const readyMs = performance.now() - started;
    const readyCpuMs = await cpuMs(child.pid as number);
    const t = performance.now();
    const res = await fetch(`${base}/api/search?q=${encodeURIComponent(query)}&k=5`);
    if (!res.ok) throw new Error(`first search answered ${res.status}`);
    await res.json();
    const firstSearchMs = performance.now() - t;
    const peak = await peakRssMB(child.pid as number);
    const http = questions.length ? await httpRun(base, questions, child.pid as number) : undefined;
    return { readyMs, readyCpuMs, firstSearchMs, peakRssMB: peak, ...(http ? { http } : {}) };
  } finally {
    await stop(child);
  }
}

/** 300 requests over HTTP, one at a time: a search (k=10), then an offline answer, per question. */
async function httpRun(base: string, questions: string[], pid: number): Promise<NonNullable<ServerRun['http']>> {
  const search: number[] = [];
  const answer: number[] = [];
  for (let i = 0; i < 300; i++) {
    const q = questions[Math.floor(i / 2) % questions.length] as string;
    const t = performance.now();
    const res =
      i % 2 === 0
        ? await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&k=10`)
        : await fetch(`${base}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: q }) });
    if (!res.ok) throw new Error(`${res.url} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    (i % 2 === 0 ? search : answer).push(performance.now() - t);
  }
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssMB = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]) / 1024;
  return { requests: 300, search: percentiles(search), answer: percentiles(answer), rssMB, peakRssMB: await peakRssMB(pid) };
}

/** The parent's environment without model settings: the benchmark measures the offline path. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'CHAT_MODEL', 'EMBEDDING_MODEL', 'API_TOKEN', 'PORT', 'HOST']) delete env[k];
  return env;
}

async function waitForHealth(base: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr()}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`server not ready after ${timeoutMs} ms: ${stderr()}`);
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms on Linux). */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function peakRssMB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  return kb / 1024;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer, within } from '../../scripts/harness/server-process.js';

/** Real server processes (node --import tsx src/main.ts) on the seed letters, each with its own temp index. */
const made: string[] = [];
const running: ServerProcess[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    s.child.kill('SIGKILL');
    await s.exited;
  }
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempIndex(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'robustness-proc-'));
  made.push(dir);
  return dir;
}

function start(indexDir: string, env: Record<string, string> = {}): ServerProcess {
  const s = spawnServer({ CORPUS_DIR: 'corpus', INDEX_DIR: indexDir, EMBEDDING_DIMENSIONS: '256', ...env });
  running.push(s);
  return s;
}

async function answers(url: string): Promise<void> {
  const res = await fetch(`${url}/api/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'Who were the inspectors?' }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { citations: unknown[] };
  expect(body.citations.length).toBeGreaterThan(0);
}

async function stop(s: ServerProcess): Promise<void> {
  s.child.kill('SIGTERM');
  expect(await within(s.exited, 15_000, 'exit after SIGTERM')).toEqual({ code: 0, signal: null });
}

describe('the server process', () => {
  it('starts compiled, as `npm start` runs it (npm run build, then plain node on dist/), and answers', async () => {
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'pipe' });
    const s = spawnServer({ CORPUS_DIR: 'corpus', INDEX_DIR: await tempIndex(), EMBEDDING_DIMENSIONS: '256' }, { compiled: true });
    running.push(s);
    await answers(await within(s.ready, 60_000, 'compiled start'));
    await stop(s);
  }, 180_000);

  it('detects a truncated index file at start, logs it, rebuilds, answers; the next start reuses it (no crash loop)', async () => {
    const indexDir = await tempIndex();
    const first = start(indexDir);
    await within(first.ready, 60_000, 'first start');
    await stop(first);
    // The build's biggest file holds the vectors, whichever store wrote it (vectors.f32, index.json).
    const buildDir = path.join(indexDir, 'builds', (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim());
    const sized = await Promise.all((await readdir(buildDir)).map(async (f) => ({ f, size: (await stat(path.join(buildDir, f))).size })));
    const biggest = sized.sort((a, b) => b.size - a.size)[0] as { f: string; size: number };
    await truncate(path.join(buildDir, biggest.f), Math.floor(biggest.size / 3));

    const second = start(indexDir);
    const url = await within(second.ready, 60_000, 'start on a truncated index');
    expect(second.lines.join('\n')).toMatch(/unreadable .*rebuilding from corpus/);
    expect(second.lines.join('\n')).toMatch(/index full:/);
    await answers(url);
    await stop(second);

    const third = start(indexDir);
    await answers(await within(third.ready, 60_000, 'start after the rebuild'));
    expect(third.lines.join('\n')).toMatch(/index reused:/);
    await stop(third);
  });

  it('two servers starting at once on one index: one builds, the other waits and reuses; both answer', async () => {
    const indexDir = await tempIndex();
    const a = start(indexDir);
    const b = start(indexDir);
    const urls = await within(Promise.all([a.ready, b.ready]), 90_000, 'both starts');
    for (const url of urls) await answers(url);
    const actions = [a, b].map((s) => /\bindex (reused|incremental|full):/.exec(s.lines.join('\n'))?.[1]).sort();
    expect(actions).toEqual(['full', 'reused']);
    expect((await readdir(indexDir)).sort()).toEqual(['CURRENT', 'builds']);
    expect(await readdir(path.join(indexDir, 'builds'))).toHaveLength(1);
    await Promise.all([stop(a), stop(b)]);
  });

  it('on SIGTERM stops accepting, finishes the request in flight, exits 0', async () => {
    const s = start(await tempIndex());
    const url = new URL(await within(s.ready, 60_000, 'start'));
    const body = JSON.stringify({ question: 'Who were the inspectors?' });
    const half = Math.floor(body.length / 2);
    // A request in flight: headers and half its body sent, the rest held back until after SIGTERM.
    const socket = connect(Number(url.port), url.hostname);
    let response = '';
    socket.setEncoding('utf8').on('data', (d: string) => (response += d));
    const closed = new Promise((r) => socket.once('close', r));
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `POST /api/answer HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`,
    );
    await new Promise((r) => setTimeout(r, 100));

    s.child.kill('SIGTERM');
    for (let i = 0; i < 100 && !s.lines.some((l) => /SIGTERM: finishing/.test(l)); i++) await new Promise((r) => setTimeout(r, 20));
    await expect(fetch(`${url.origin}/healthz`)).rejects.toThrow();

    socket.end(body.slice(half));
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('"citations"');
    expect(await within(s.exited, 15_000, 'exit')).toEqual({ code: 0, signal: null });
  });

  it('on SIGTERM a request that never finishes holds the exit back only for SHUTDOWN_GRACE_MS', async () => {
    const s = start(await tempIndex(), { SHUTDOWN_GRACE_MS: '500' });
    const url = new URL(await within(s.ready, 60_000, 'start'));
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => {});
    await new Promise((r) => socket.once('connect', r));
    socket.write(`POST /api/answer HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"question":`);
    await new Promise((r) => setTimeout(r, 100));
    const stopped = Date.now();
    s.child.kill('SIGTERM');
    expect(await within(s.exited, 10_000, 'exit')).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopped).toBeGreaterThanOrEqual(400);
    expect(Date.now() - stopped).toBeLessThan(5_000);
    socket.destroy();
  });
});

/**
 * npm run load [-- --duration 10 --soak 60 --json load.json]
 * Starts the server (offline, seed corpus, temp index, rate limit off) on 127.0.0.1 and a free
 * port, drives /healthz, /api/search and /api/answer with autocannon at a few concurrency
 * levels, then runs /api/answer for --soak seconds to check that memory does not grow.
 * Loopback only; every run is bounded in time.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseCli } from '../src/cli/cli-args.js';
import { processMemory, sampleRss } from './harness/process-memory.js';
import { spawnServer, within } from './harness/server-process.js';

const USAGE = `usage: npm run load [-- --duration 10 --soak 60 --levels 1,10,32 --json load.json]
  --duration  seconds per scenario and concurrency level (10)
  --soak      seconds of /api/answer at the end, to see whether memory grows (60)
  --levels    concurrent connections to try (1,10,32)
  --json      also write the figures to this file`;
const { values } = parseCli({
  name: 'load',
  usage: USAGE,
  options: {
    duration: { type: 'string', default: '10' },
    soak: { type: 'string', default: '60' },
    levels: { type: 'string', default: '1,10,32' },
    json: { type: 'string' },
  },
});
const duration = Number(values.duration);
const soakSeconds = Number(values.soak);
const levels = (values.levels ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);

const devSet = JSON.parse(await readFile('test/eval/dev-set.json', 'utf8')) as { question: string }[];
const questions = devSet.map((q) => q.question).slice(0, 40);
const answerRequests = questions.map((q) => ({
  method: 'POST' as const,
  path: '/api/answer',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ question: q }),
}));
const searchRequests = questions.map((q) => ({ method: 'GET' as const, path: `/api/search?q=${encodeURIComponent(q)}&k=10` }));
const SCENARIOS: { name: string; requests: autocannon.Request[] }[] = [
  { name: 'GET /healthz', requests: [{ method: 'GET', path: '/healthz' }] },
  { name: 'GET /api/search', requests: searchRequests },
  { name: 'POST /api/answer', requests: answerRequests },
];

interface Row {
  scenario: string;
  connections: number;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  serverRssMb: number;
}

const indexDir = await mkdtemp(path.join(tmpdir(), 'letters-load-'));
const server = spawnServer({ CORPUS_DIR: 'corpus', INDEX_DIR: indexDir, RATE_LIMIT_PER_MINUTE: '0', MODEL_RATE_LIMIT_PER_MINUTE: '0', UPLOAD_RATE_LIMIT_PER_MINUTE: '0' });
const pid = server.child.pid as number;
try {
  const url = await within(server.ready, 120_000, 'server start');
  const loadBefore = loadavg()[0] ?? 0;
  // The machine may be shared: the 1-minute load average says how much else was running.
  console.log(`server ${url} (pid ${pid}), rate limit off; ${duration} s per run, levels ${levels.join(', ')}; load average ${loadBefore.toFixed(2)} on ${cpus().length} cores`);

  const run = (requests: autocannon.Request[], connections: number, seconds: number) => autocannon({ url, connections, duration: seconds, requests, timeout: 10 });

  // Warm-up: JIT, retriever caches.
  await run(answerRequests, 4, 3);
  await run(searchRequests, 4, 2);

  const rows: Row[] = [];
  for (const s of SCENARIOS) {
    for (const connections of levels) {
      const r = await run(s.requests, connections, duration);
      const row: Row = {
        scenario: s.name,
        connections,
        seconds: duration,
        reqPerSec: Math.round(r.requests.average),
        p50Ms: r.latency.p50,
        // autocannon reports p97.5, not p95: the closest it gives.
        p95Ms: r.latency.p97_5,
        p99Ms: r.latency.p99,
        maxMs: r.latency.max,
        requests: r.requests.total,
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
        serverRssMb: (await processMemory(pid)).rssMb,
      };
      rows.push(row);
      console.log(
        `${row.scenario.padEnd(17)} c=${String(connections).padStart(3)}  ${String(row.reqPerSec).padStart(6)} req/s  p50 ${row.p50Ms} ms  p97.5 ${row.p95Ms} ms  p99 ${row.p99Ms} ms  errors ${row.errors}  non-2xx ${row.non2xx}`,
      );
    }
  }

  let soak: Record<string, number | boolean> | null = null;
  if (soakSeconds > 0) {
    const warm = Math.min(10, Math.max(1, Math.round(soakSeconds / 6)));
    await run(answerRequests, 10, warm);
    const afterWarmUp = (await processMemory(pid)).rssMb;
    const sampler = sampleRss(pid);
    const r = await run(answerRequests, 10, soakSeconds);
    const samples = sampler.stop();
    const atEnd = (await processMemory(pid)).rssMb;
    const growth = (atEnd - afterWarmUp) / afterWarmUp;
    soak = {
      seconds: soakSeconds,
      connections: 10,
      requests: r.requests.total,
      reqPerSec: Math.round(r.requests.average),
      errors: r.errors + r.timeouts + r.non2xx,
      rssAfterWarmUpMb: afterWarmUp,
      rssMaxDuringMb: Math.max(afterWarmUp, ...samples),
      rssAtEndMb: atEnd,
      growthPct: Math.round(growth * 1000) / 10,
      withinTenPct: growth <= 0.1,
    };
  }

  const peakRssMb = (await processMemory(pid)).peakRssMb;
  console.log('');
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      c: r.connections,
      'req/s': r.reqPerSec,
      p50: r.p50Ms,
      'p97.5': r.p95Ms,
      p99: r.p99Ms,
      max: r.maxMs,
      errors: r.errors + r.timeouts,
      'non-2xx': r.non2xx,
      'rss MB': r.serverRssMb,
    })),
  );
  if (soak)
    console.log(
      `soak ${soak.seconds} s on /api/answer (c=10): ${soak.reqPerSec} req/s, RSS after warm-up ${soak.rssAfterWarmUpMb} MB, at end ${soak.rssAtEndMb} MB (${soak.growthPct}%), max ${soak.rssMaxDuringMb} MB → ${soak.withinTenPct ? 'no growth (within 10%)' : 'GREW more than 10%'}`,
    );
  const loadAfter = loadavg()[0] ?? 0;
  console.log(`server peak RSS: ${peakRssMb} MB; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
  const report = { node: process.version, cores: cpus().length, loadAverage: { before: loadBefore, after: loadAfter }, rows, soak, serverPeakRssMb: peakRssMb };
  console.log(JSON.stringify(report));
  if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 1)}\n`);
  const failed = rows.some((r) => r.errors + r.timeouts + r.non2xx > 0) || (soak !== null && !soak.withinTenPct);
  process.exitCode = failed ? 1 : 0;
} finally {
  server.child.kill('SIGTERM');
  await within(server.exited, 15_000, 'server exit').catch(() => server.child.kill('SIGKILL'));
  await rm(indexDir, { recursive: true, force: true });
}

import type { SizeResult } from './measure-size.js';

const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const s = (x: number | undefined) => (x === undefined ? '—' : (x / 1000).toFixed(2));
const mb = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(0));
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const pair = (p: { p50: number; p95: number } | undefined) => (p ? `${ms(p.p50)} / ${ms(p.p95)}` : '—');

/** Rows of the results table: one column per corpus size. */
export function tableRows(results: SizeResult[]): [string, ...string[]][] {
  const col = (f: (r: SizeResult) => string): string[] => results.map(f);
  return [
    ['letters', ...col((r) => String(r.letters))],
    ['chunks (paragraphs)', ...col((r) => String(r.chunks))],
    ['index build, s', ...col((r) => s(r.build.indexMs))],
    ['  chunks/s', ...col((r) => (r.chunks / (r.build.indexMs / 1000)).toFixed(0))],
    ['  + corpus load, s', ...col((r) => s(r.build.corpusMs))],
    ['  build peak RSS, MB', ...col((r) => mb(r.build.maxRssMB))],
    ['index on disk, MB', ...col((r) => (r.indexBytes / 2 ** 20).toFixed(1))],
    ['cold start → /healthz, s', ...col((r) => s(r.cold?.readyMs))],
    ['  CPU used by then, s', ...col((r) => s(r.cold?.readyCpuMs))],
    ['warm start → /healthz, s', ...col((r) => s(r.warm.readyMs))],
    ['  CPU used by then, s', ...col((r) => s(r.warm.readyCpuMs))],
    ['  first search after warm start, ms', ...col((r) => ms(r.warm.firstSearchMs))],
    ['  server peak RSS, MB', ...col((r) => mb(r.warm.peakRssMB))],
    ['  over HTTP, 300 requests: search p50 / p95, ms', ...col((r) => pair(r.warm.http?.search))],
    ['  over HTTP: offline answer p50 / p95, ms', ...col((r) => pair(r.warm.http?.answer))],
    ['  server RSS after them / peak, MB', ...col((r) => (r.warm.http ? `${mb(r.warm.http.rssMB)} / ${mb(r.warm.http.peakRssMB)}` : '—'))],
    ['retriever build (in-process), ms', ...col((r) => ms(r.latency.retrieverMs))],
    ['/api/search p50 / p95, ms', ...col((r) => pair(r.latency.search))],
    ['  unique-code search: its letter first', ...col((r) => (r.latency.uniqueCodeFirst ? `${r.latency.uniqueCodeFirst.found} / ${r.latency.uniqueCodeFirst.searched}` : '—'))],
    ['  int8 top-10 agreement with float32', ...col((r) => (r.latency.int8Top10Agreement === undefined ? '—' : r.latency.int8Top10Agreement.toFixed(3)))],
    ['  two-stage dense top-50 agreement with full scan', ...col((r) => (r.latency.twoStageTop50Agreement === undefined ? '—' : r.latency.twoStageTop50Agreement.toFixed(3)))],
    ['  searches with hits / all', ...col((r) => (r.latency.outcomes ? `${r.latency.outcomes.searchesWithHits} / ${r.latency.outcomes.searches}` : '—'))],
    ['  floor: brute-force cosine p50 / p95', ...col((r) => pair(r.latency.denseFloor))],
    ['  floor: sparse index alone p50 / p95', ...col((r) => pair(r.latency.sparseFloor))],
    ['  floor: both, p50 / p95', ...col((r) => pair(r.latency.bothFloor))],
    ['  (minisearch, the previous sparse index)', ...col((r) => pair(r.latency.minisearch ?? undefined))],
    ['  search p95 / brute-force p95', ...col((r) => ratio(r.latency.search.p95, r.latency.denseFloor.p95))],
    ['  search p95 / both floors p95', ...col((r) => ratio(r.latency.search.p95, r.latency.bothFloor.p95))],
    ['  search CPU p50 / p95, ms', ...col((r) => pair(r.latency.cpu.search))],
    ['  brute-force CPU p50 / p95, ms', ...col((r) => pair(r.latency.cpu.denseFloor))],
    ['/api/answer p50 / p95, ms', ...col((r) => pair(r.latency.answer))],
    ['  answer CPU p50 / p95, ms', ...col((r) => pair(r.latency.cpu.answer))],
    ['  answer p95 / both floors p95', ...col((r) => ratio(r.latency.answer.p95, r.latency.bothFloor.p95))],
    ['  answers citing the letters / all', ...col((r) => (r.latency.outcomes ? `${r.latency.outcomes.answersWithCitations} / ${r.latency.outcomes.answers}` : '—'))],
    ['incremental add of 1 letter, ms', ...col((r) => ms(r.incremental.indexMs))],
    ['  CPU used by it, ms', ...col((r) => (r.incremental.indexCpuMs === undefined ? '—' : ms(r.incremental.indexCpuMs)))],
    ['  + corpus load, ms', ...col((r) => ms(r.incremental.corpusMs))],
  ];
}

export function renderTable(results: SizeResult[]): string {
  const rows = tableRows(results);
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')).join('\n');
}

export function renderMarkdown(results: SizeResult[]): string {
  const rows = tableRows(results);
  const [head, ...body] = rows;
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(head as string[]), line((head as string[]).map((_, i) => (i === 0 ? '---' : '---:'))), ...body.map(line)].join('\n');
}

import path from 'node:path';
import { runChild } from './child.js';
import type { Percentiles } from './floors.js';

export interface PgliteFigures {
  letters: number;
  chunks: number;
  startMs: number;
  buildMs: number;
  incrementalMs: number;
  dbBytes: number;
  search: Percentiles;
  sparseSql: Percentiles;
  denseSql: Percentiles;
  sameTop10: number;
  /** Absent in runs saved before it was recorded. */
  sameScores?: number;
  questions: number;
  maxRssMB: number;
}

/** The Postgres store at one size, in its own process, on its own corpus directory and PGlite data directory. */
export function measurePglite(letters: number, workDir: string, seed: number, queries: number): Promise<PgliteFigures> {
  return runChild<PgliteFigures>('pglite-child.ts', {
    CORPUS_DIR: path.join(workDir, 'pg-corpus'),
    INDEX_DIR: path.join(workDir, 'pg-unused-index'),
    BENCH_PG_DIR: path.join(workDir, 'pglite'),
    BENCH_LETTERS: String(letters),
    BENCH_SEED: String(seed),
    BENCH_QUERIES: String(queries),
  });
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const pair = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p95)}`;

export function renderPglite(rows: PgliteFigures[], markdown: boolean): string {
  const table: string[][] = [
    ['letters', ...rows.map((r) => String(r.letters))],
    ['chunks (with the added letter)', ...rows.map((r) => String(r.chunks))],
    ['PGlite start (not a server cost), s', ...rows.map((r) => (r.startMs / 1000).toFixed(2))],
    ['index build (full, with migrations), s', ...rows.map((r) => (r.buildMs / 1000).toFixed(2))],
    ['  chunks/s', ...rows.map((r) => (r.chunks / (r.buildMs / 1000)).toFixed(0))],
    ['add one letter (incremental), ms', ...rows.map((r) => ms(r.incrementalMs))],
    ['database on disk, MB', ...rows.map((r) => (r.dbBytes / 2 ** 20).toFixed(1))],
    ['/api/search p50 / p95, ms', ...rows.map((r) => pair(r.search))],
    ['  BM25 SQL alone p50 / p95, ms', ...rows.map((r) => pair(r.sparseSql))],
    ['  HNSW SQL alone p50 / p95, ms', ...rows.map((r) => pair(r.denseSql))],
    ['top 10 same as in memory', ...rows.map((r) => `${r.sameTop10} / ${r.questions}`)],
    ['  top 10 with the same fused scores', ...rows.map((r) => (r.sameScores === undefined ? '—' : `${r.sameScores} / ${r.questions}`))],
    ['peak RSS, MB', ...rows.map((r) => r.maxRssMB.toFixed(0))],
  ];
  if (markdown) return [`| ${table[0]?.join(' | ')} |`, `|${table[0]?.map(() => '---').join('|')}|`, ...table.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const width = table[0]?.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length))) ?? [];
  return table.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(width[c] ?? 0) : cell.padStart(width[c] ?? 0))).join('  ')).join('\n');
}

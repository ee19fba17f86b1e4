import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import { runChild } from './child.js';
import type { Percentiles } from './floors.js';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface PgServerFigures {
  letters: number;
  chunks: number;
  buildMs: number;
  statelessStartMs: number;
  pgSearch: Percentiles;
  pgAnswer: Percentiles;
  localSearch: Percentiles;
  localAnswer: Percentiles;
  questions: number;
  maxRssMB: number;
}

/** Why the real-server rows cannot be measured here, or null when PostgreSQL 15 with pgvector is installed. */
export function pgServerMissing(): string | null {
  const ok = existsSync('/usr/lib/postgresql/15/bin/initdb') && existsSync('/usr/share/postgresql/15/extension/vector.control');
  return ok ? null : 'Postgres server rows skipped: PostgreSQL 15 with pgvector is not installed (bash .ci/postgres install)';
}

/** A throwaway cluster (.ci/postgres) in workDir for one size, measured in its own process, stopped after. */
export async function measurePgServer(letters: number, workDir: string, seed: number, queries: number): Promise<PgServerFigures> {
  chmodSync(workDir, 0o755);
  const cluster = path.join(workDir, 'pg-cluster');
  const script = path.join(ROOT, '.ci/postgres');
  const url = execFileSync('bash', [script, 'start', cluster], { encoding: 'utf8' }).trim();
  try {
    return await runChild<PgServerFigures>('pg-server-child.ts', {
      BENCH_PG_URL: url,
      CORPUS_DIR: path.join(workDir, 'pg-server-corpus'),
      INDEX_DIR: path.join(workDir, 'pg-server-local-index'),
      BENCH_LETTERS: String(letters),
      BENCH_SEED: String(seed),
      BENCH_QUERIES: String(queries),
    });
  } finally {
    execFileSync('bash', [script, 'stop', cluster]);
  }
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const pair = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p95)}`;

export function renderPgServer(rows: PgServerFigures[], markdown: boolean): string {
  const table: string[][] = [
    ['letters', ...rows.map((r) => String(r.letters))],
    ['chunks', ...rows.map((r) => String(r.chunks))],
    ['index build into Postgres (full), s', ...rows.map((r) => (r.buildMs / 1000).toFixed(1))],
    ['stateless server start (no corpus/), ms', ...rows.map((r) => ms(r.statelessStartMs))],
    ['/api/search p50 / p95, Postgres, ms', ...rows.map((r) => pair(r.pgSearch))],
    ['/api/search p50 / p95, local store, ms', ...rows.map((r) => pair(r.localSearch))],
    ['/api/answer p50 / p95, Postgres, ms', ...rows.map((r) => pair(r.pgAnswer))],
    ['/api/answer p50 / p95, local store, ms', ...rows.map((r) => pair(r.localAnswer))],
    ['  answer p95 ratio Postgres / local', ...rows.map((r) => (r.pgAnswer.p95 / r.localAnswer.p95).toFixed(2))],
    ['peak RSS (both in one process), MB', ...rows.map((r) => r.maxRssMB.toFixed(0))],
  ];
  if (markdown) return [`| ${table[0]?.join(' | ')} |`, `|${table[0]?.map(() => '---').join('|')}|`, ...table.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const width = table[0]?.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length))) ?? [];
  return table.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(width[c] ?? 0) : cell.padStart(width[c] ?? 0))).join('  ')).join('\n');
}

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runChild } from './child.js';
import type { Percentiles } from './floors.js';
import type { BuildFigures, LatencyFigures } from './measure-size.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The real Ofsted PDFs (../shared/real-letters: focused visits and inspection reports, as
 * published) through the same steps a user takes: `npm run ingest` on them (the real CLI, timed
 * from spawn to exit), the index build, then the latency child's searches and offline answers
 * with the dev set's questions pointed at the authorities in the folder.
 */
export interface RealFigures {
  folder: string;
  /** PDFs given to the CLI, and what came of them. */
  files: number;
  letters: number;
  failed: number;
  pages: number;
  /** Paragraphs the CLI reported, summed; the index's chunk count is `build.chunks`. */
  paragraphs: number;
  ingestMs: number;
  /** The CLI's own figure, from its summary line (without Node and tsx start-up). */
  ingestReportedMs: number;
  build: BuildFigures;
  latency: LatencyFigures;
}

export function realFolderMissing(folder: string): string | null {
  return existsSync(folder) ? null : `real documents skipped: no folder ${folder} (a clone without ../shared has none; --real <folder> to point at one)`;
}

export async function measureReal(folder: string, workDir: string, queries: number, seed: number, log: (m: string) => void): Promise<RealFigures> {
  const pdfs = (await readdir(folder)).filter((f) => f.toLowerCase().endsWith('.pdf')).sort();
  const env = { CORPUS_DIR: path.join(workDir, 'real-corpus'), INDEX_DIR: path.join(workDir, 'real-index'), BENCH_SEED: String(seed), BENCH_QUERIES: String(queries) };
  log(`real documents: npm run ingest on ${pdfs.length} PDFs of ${folder}`);
  const started = performance.now();
  const cli = await run(['--import', 'tsx', 'src/cli/ingest-cli.ts', ...pdfs.map((f) => path.join(folder, f))], env);
  const ingestMs = performance.now() - started;
  const summary = /^(\d+) files in ([\d.]+) s: (\d+) added, (\d+) replaced, (\d+) unchanged, (\d+) duplicate, (\d+) failed/m.exec(cli.stdout);
  if (!summary) throw new Error(`npm run ingest printed no summary (exit ${cli.code}): ${cli.stderr.slice(-2000)}`);
  const paragraphs = [...cli.stdout.matchAll(/ (\d+) paragraphs? /g)].reduce((sum, m) => sum + Number(m[1]), 0);
  const sources = JSON.parse(await readFile(path.join(env.CORPUS_DIR, '.sources.json'), 'utf8')) as { letters: Record<string, { pages: number | null }> };
  const pages = Object.values(sources.letters).reduce((sum, s) => sum + (s.pages ?? 0), 0);

  log(`real documents: building the index`);
  const build = await runChild<BuildFigures>('build-child.ts', env);
  log(`real documents: latency (${queries} questions)`);
  const latency = await runChild<LatencyFigures>('latency-child.ts', { ...env, BENCH_PLACES: (await placesOf(folder, pdfs)).join('|') });
  return {
    folder,
    files: pdfs.length,
    letters: Number(summary[3]) + Number(summary[4]) + Number(summary[5]),
    failed: Number(summary[7]),
    pages,
    paragraphs,
    ingestMs,
    ingestReportedMs: Number(summary[2]) * 1000,
    build,
    latency,
  };
}

/** The authorities of the folder, for the questions: its manifest.json when it has one, else the file names. */
async function placesOf(folder: string, pdfs: string[]): Promise<string[]> {
  const titleCase = (s: string) => s.replace(/[-_]+/g, ' ').replace(/\b(?!(?:of|and|upon|on|the)\b)\p{L}/gu, (c) => c.toUpperCase());
  try {
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as { authority: string }[];
    return [...new Set(manifest.map((m) => titleCase(m.authority)))];
  } catch {
    return [...new Set(pdfs.map((f) => titleCase(f.replace(/-(focused-visit|inspection|monitoring-visit).*$|\.pdf$/i, ''))))];
  }
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const pair = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p95)}`;

export function renderReal(r: RealFigures, markdown: boolean): string {
  const rows: [string, string][] = [
    ['PDFs ingested (npm run ingest)', `${r.files} (${r.failed} failed)`],
    ['  pages', String(r.pages)],
    ['  ingest, s (spawn to exit)', (r.ingestMs / 1000).toFixed(2)],
    ['  ingest, s (as the CLI reports it)', (r.ingestReportedMs / 1000).toFixed(2)],
    ['  pages/s', (r.pages / (r.ingestMs / 1000)).toFixed(0)],
    ['letters', String(r.letters)],
    ['chunks (paragraphs)', String(r.build.chunks)],
    ['index build, s', (r.build.indexMs / 1000).toFixed(2)],
    ['  + corpus load, s', (r.build.corpusMs / 1000).toFixed(2)],
    ['  build peak RSS, MB', r.build.maxRssMB.toFixed(0)],
    ['retriever build (in-process), ms', ms(r.latency.retrieverMs)],
    ['/api/search p50 / p95, ms', pair(r.latency.search)],
    ['  searches with hits / all', r.latency.outcomes ? `${r.latency.outcomes.searchesWithHits} / ${r.latency.outcomes.searches}` : '—'],
    ['  floor: both, p50 / p95', pair(r.latency.bothFloor)],
    ['/api/answer p50 / p95, ms', pair(r.latency.answer)],
    ['  answers citing the letters / all', r.latency.outcomes ? `${r.latency.outcomes.answersWithCitations} / ${r.latency.outcomes.answers}` : '—'],
  ];
  if (markdown) return ['| real documents | |', '| --- | ---: |', ...rows.map(([k, v]) => `| ${k.replace(/^ {2}/, '&nbsp; ')} | ${v} |`)].join('\n');
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

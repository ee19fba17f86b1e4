/**
 * `npm run bench [-- --sizes 2,100,1000] [--large] [--queries 200] [--seed 1] [--store binary|vectra]
 *  [--skip-cold] [--keep] [--minisearch] [--markdown] [--pglite-max 1000] [--real ../shared/real-letters]`: synthetic
 *  corpora made from the seed letters, measured end to end; sizes up to --pglite-max also indexed into Postgres (PGlite)
 *  and searched there (0: skip); then the real PDFs of --real ingested with the CLI, indexed and searched (none: skip);
 *  then, where PostgreSQL 15 with pgvector is installed, the --pg-server sizes (1000; --large adds 10,000) on a real server beside the local store.
 * Prints a table and writes the figures as JSON to bench/results/ (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseCli } from '../src/cli/cli-args.js';
import { measureSize, type SizeResult } from './measure-size.js';
import { measurePgServer, type PgServerFigures, pgServerMissing, renderPgServer } from './pg-server-size.js';
import { measurePglite, type PgliteFigures, renderPglite } from './pglite-size.js';
import { measureReal, type RealFigures, realFolderMissing, renderReal } from './real-corpus.js';
import { renderMarkdown, renderTable } from './report.js';
import { readSeedMaterial } from './seed-material.js';

const ROOT = path.resolve(import.meta.dirname, '..');

const USAGE = `usage: npm run bench [-- options]
  --sizes 2,100,1000   corpus sizes, in letters          --large          adds 10,000 letters
  --queries 200        searches timed per size           --seed 1         seed of the synthetic corpora
  --store binary       binary or vectra                  --pglite-max N   Postgres (PGlite) up to N letters (1000; 0: skip)
  --skip-cold          skip the cold-start timing        --keep           keep the temp folders
  --minisearch         time the old sparse index too     --markdown       print the table as Markdown
  --real <folder>      real PDFs to ingest, index and search (../shared/real-letters; none: skip)
  --pg-server 1000     sizes searched and answered on a real PostgreSQL beside the local store (--large adds 10000; none: skip)`;

const { values } = parseCli({
  name: 'bench',
  usage: USAGE,
  options: {
    sizes: { type: 'string', default: '2,100,1000' },
    large: { type: 'boolean', default: false },
    queries: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    store: { type: 'string', default: 'binary' },
    'skip-cold': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    minisearch: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    'pglite-max': { type: 'string', default: '1000' },
    'pg-server': { type: 'string', default: '1000' },
    real: { type: 'string', default: path.join(ROOT, '..', 'shared', 'real-letters') },
  },
});

const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
if (values.large && !sizes.includes(10_000)) sizes.push(10_000);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes must be positive integers, got "${values.sizes}"`);
if (!['binary', 'vectra'].includes(values.store)) throw new Error(`--store must be binary or vectra, got "${values.store}"`);

const log = (m: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);
// The server starts as `npm start` starts it: compiled (npm run build), with plain node.
log('compiling the server (npm run build)');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const material = await readSeedMaterial(path.join(ROOT, 'corpus'));
const started = new Date();
const loadBefore = os.loadavg();
const results: SizeResult[] = [];
const pglite: PgliteFigures[] = [];
for (const letters of sizes) {
  const workDir = await mkdtemp(path.join(os.tmpdir(), `letters-bench-${letters}-`));
  try {
    results.push(
      await measureSize(letters, material, {
        workDir,
        seed: Number(values.seed),
        queries: Number(values.queries),
        store: values.store,
        skipCold: values['skip-cold'],
        minisearch: values.minisearch,
        log,
      }),
    );
    if (letters <= Number(values['pglite-max'])) {
      log(`${letters} letters: Postgres (PGlite) build, incremental add and ${values.queries} searches`);
      pglite.push(await measurePglite(letters, workDir, Number(values.seed), Number(values.queries)));
    }
  } finally {
    if (values.keep) log(`kept ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

let real: RealFigures | null = null;
const realSkipped = values.real === 'none' ? 'real documents skipped (--real none)' : realFolderMissing(values.real);
if (realSkipped) log(realSkipped);
else {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'letters-bench-real-'));
  try {
    real = await measureReal(values.real, workDir, Number(values.queries), Number(values.seed), log);
  } finally {
    if (values.keep) log(`kept ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

const pgServer: PgServerFigures[] = [];
const pgServerSizes = values['pg-server'] === 'none' ? [] : values['pg-server'].split(',').map((x) => Number(x.trim()));
if (values.large && pgServerSizes.length && !pgServerSizes.includes(10_000)) pgServerSizes.push(10_000);
if (pgServerSizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--pg-server must be positive integers or none, got "${values['pg-server']}"`);
const pgServerSkipped = pgServerSizes.length === 0 ? 'Postgres server rows skipped (--pg-server none)' : pgServerMissing();
if (pgServerSkipped) log(pgServerSkipped);
else {
  for (const letters of pgServerSizes) {
    const workDir = await mkdtemp(path.join(os.tmpdir(), `letters-bench-pg-${letters}-`));
    try {
      log(`${letters} letters: a real PostgreSQL (build, stateless start, ${values.queries} searches and answers beside the local store)`);
      pgServer.push(await measurePgServer(letters, workDir, Number(values.seed), Number(values.queries)));
    } finally {
      if (values.keep) log(`kept ${workDir}`);
      else await rm(workDir, { recursive: true, force: true });
    }
  }
}

console.log(values.markdown ? renderMarkdown(results) : renderTable(results));
if (pglite.length) console.log(`\nPostgres store (PGlite, in-process):\n${renderPglite(pglite, values.markdown)}`);
if (pgServer.length) console.log(`\nPostgres server (PostgreSQL 15 + pgvector) beside the local store:\n${renderPgServer(pgServer, values.markdown)}`);
else console.log(`\n${pgServerSkipped}`);
if (real) console.log(`\nReal documents (${path.relative(process.cwd(), real.folder) || real.folder}):\n${renderReal(real, values.markdown)}`);
else console.log(`\n${realSkipped}`);
const report = {
  startedAt: started.toISOString(),
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  machine: {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGB: os.totalmem() / 2 ** 30,
    loadavgBefore: loadBefore,
    loadavgAfter: os.loadavg(),
  },
  commit: gitCommit(),
  options: values,
  results,
  pglite,
  pgServer,
  pgServerSkipped,
  real,
  realSkipped,
};
const dir = path.join(ROOT, 'bench', 'results');
await mkdir(dir, { recursive: true });
const file = path.join(dir, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(file, `${JSON.stringify(report, null, 1)}\n`);
log(`wrote ${path.relative(ROOT, file)}`);
if (loadBefore[0] !== undefined && loadBefore[0] > os.cpus().length)
  log(`note: load average was ${loadBefore[0].toFixed(1)} on ${os.cpus().length} cores; absolute times are inflated, ratios to the floors less so`);

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

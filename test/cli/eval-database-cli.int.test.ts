import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgServer, postgresOrSkip, startPgServer } from '../support/pg-server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A CLI as a user runs it, in a clone without the real letters. */
function run(cli: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${cli}`, ...args], {
    cwd: ROOT,
    env: { ...process.env, REAL_LETTERS_DIR: path.join(ROOT, 'no-such-folder'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Output {
  database?: { letters: number };
  sets: { file: string; corpus: string; skipped: number; report: { questions: number; results: { ms?: number }[] } }[];
}

const perQuestion = (out: Output) => out.sets.map((s) => ({ file: s.file, skipped: s.skipped, results: s.report.results.map(({ ms: _ms, ...r }) => r) }));

/** `npm run eval -- --database` over a real PostgreSQL the seeds were indexed into with `npm run index`. */
describe.runIf(postgresOrSkip('npm run eval --database'))('npm run eval --database', () => {
  let pg: PgServer;
  beforeAll(async () => {
    pg = await startPgServer();
    const indexed = await run('index-cli.ts', [], { DATABASE_URL: pg.url, CORPUS_DIR: 'corpus' });
    expect(indexed.code, indexed.stderr).toBe(0);
  }, 120_000);
  afterAll(() => pg?.destroy());

  it('gives every question of every set the result it gets over the same letters in memory', async () => {
    const [overDb, inMemory] = await Promise.all([
      run('eval-cli.ts', ['--database', '--json', '--verbose'], { DATABASE_URL: pg.url }),
      run('eval-cli.ts', ['--json', '--verbose'], {}),
    ]);
    expect(overDb.code, overDb.stderr).toBe(0);
    expect(inMemory.code, inMemory.stderr).toBe(0);
    const db = JSON.parse(overDb.stdout) as Output;
    const memory = JSON.parse(inMemory.stdout) as Output;
    expect(db.database).toEqual({ letters: 2 });
    expect(db.sets.every((s) => s.corpus === 'database')).toBe(true);
    expect(db.sets.map((s) => s.report.questions).reduce((a, b) => a + b)).toBeGreaterThan(100);
    expect(perQuestion(db)).toEqual(perQuestion(memory));
  }, 120_000);

  it('refuses --database without DATABASE_URL', async () => {
    const { code, stderr } = await run('eval-cli.ts', ['--database'], { DATABASE_URL: '' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/--database needs DATABASE_URL/);
  });
});

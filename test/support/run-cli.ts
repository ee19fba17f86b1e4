import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run ingest -- …args` as a user runs it, with CORPUS_DIR pointing at a temp folder. */
export function spawnIngest(args: string[], corpusDir: string): ChildProcess {
  return spawnIn(process.execPath, ['--import', 'tsx', 'src/cli/ingest-cli.ts', ...args], corpusDir);
}

function spawnIn(command: string, args: string[], corpusDir: string): ChildProcess {
  return spawn(command, args, { cwd: ROOT, env: { ...process.env, CORPUS_DIR: corpusDir, INGEST_MAX_BYTES: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function runIngest(args: string[], corpusDir: string): Promise<CliResult> {
  return collect(spawnIngest(args, corpusDir));
}

/** Any command run from the repo root with CORPUS_DIR set, e.g. the CLI under script(1). */
export function runCommand(command: string, args: string[], corpusDir: string): Promise<CliResult> {
  return collect(spawnIn(command, args, corpusDir));
}

function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const created: string[] = [];

export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `letters-${label}-`));
  created.push(dir);
  return dir;
}

/** For afterAll: removes every folder tempDir made in this test file. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
export const SEED_CORPUS = path.join(ROOT, 'corpus');

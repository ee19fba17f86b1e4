import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./build-index-child.ts', import.meta.url));

/** When to SIGKILL the child: on a stdout line, or when a path appears under the index dir. */
export type KillWhen = { line: RegExp } | { appears: (entries: string[]) => boolean; under: string };

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
  stderr: string;
}

/** Runs build-index-child.ts in a real node process (tsx loader), optionally killing it with SIGKILL; threads > 1 embeds on worker threads. */
export function runChildBuild(corpusDir: string, indexDir: string, dimensions: number, killWhen?: KillWhen, threads = 1): Promise<ChildOutcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, corpusDir, indexDir, String(dimensions), String(threads)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let watching = true;
  const kill = () => {
    watching = false;
    child.kill('SIGKILL');
  };
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (watching && killWhen && 'line' in killWhen && killWhen.line.test(line)) kill();
  });
  if (killWhen && 'appears' in killWhen) {
    const poll = async () => {
      while (watching) {
        const entries = await readdir(path.join(indexDir, killWhen.under)).catch(() => [] as string[]);
        if (killWhen.appears(entries)) return kill();
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    void poll();
  }
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      watching = false;
      resolve({ code, signal, lines, stderr });
    });
  });
}

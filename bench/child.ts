import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Runs a bench script in a fresh Node process and parses the JSON line it prints last. */
export function runChild<T>(script: string, env: Record<string, string>): Promise<T & { wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', script)], {
      cwd: ROOT,
      env: { ...process.env, OPENAI_API_KEY: '', EMBEDDING_MODEL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${err}`));
      try {
        resolve({ ...(JSON.parse(last) as T), wallMs: performance.now() - started });
      } catch {
        reject(new Error(`${script} printed no JSON: ${out.slice(-500)} ${err}`));
      }
    });
  });
}

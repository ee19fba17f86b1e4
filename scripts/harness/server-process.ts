import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX_LOADER = pathToFileURL(`${REPO_ROOT}node_modules/tsx/dist/loader.mjs`).href;

/** Variables that would switch on the model path or auth: blanked unless a caller sets them. */
const NEUTRAL_ENV = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '', CHAT_MODEL: '', EMBEDDING_MODEL: '', API_TOKEN: '' };

export interface ServerProcess {
  child: ChildProcess;
  /** stdout and stderr lines so far, in arrival order. */
  lines: string[];
  /** The base URL once the server logs "ready … at URL"; rejects if it exits first. */
  ready: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm start` as a real process (node --import tsx src/main.ts) on 127.0.0.1 and a free port
 * (PORT=0; the bound URL is read from its "ready" line). `defaults` replaces those defaults
 * (for a test of .env, where an exported variable would win over the file).
 */
export function spawnServer(env: Record<string, string>, options: { cwd?: string; defaults?: Record<string, string>; compiled?: boolean } = {}): ServerProcess {
  // Absolute paths, so the server may run in another folder (one with its own .env). compiled: as
  // `npm start` runs it after its prestart build (dist/, plain node); else from the sources through tsx.
  const args = options.compiled ? ['--enable-source-maps', `${REPO_ROOT}dist/main.js`] : ['--import', TSX_LOADER, `${REPO_ROOT}src/main.ts`];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...(options.defaults ?? { ...NEUTRAL_ENV, PORT: '0', HOST: '127.0.0.1' }), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise<string>((resolve, reject) => {
    const onLine = (line: string) => {
      lines.push(line);
      const m = /ready in \d+ ms at (http:\/\/\S+?)\/?$/.exec(line);
      if (m?.[1]) resolve(m[1]);
    };
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', onLine);
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', onLine);
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${signal ?? code}) before it was ready:\n${lines.join('\n')}`)));
  });
  ready.catch(() => {});
  return { child, lines, ready, exited };
}

/** Resolves with the value, or rejects after ms. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

export interface EnvFileResult {
  /** The file read; null when there is none. */
  file: string | null;
  /** Variables taken from the file. */
  applied: string[];
  /** Variables in the file left alone because they were already exported. */
  kept: string[];
}

/**
 * Reads `.env` (in the working folder, as `.env.example` says) into env: a variable already
 * exported with a value wins over the file; an exported empty one does not, so `API_TOKEN=` left
 * over in a shell never switches off the token written in `.env`. util.parseEnv is Node's own
 * parser (the one behind --env-file and process.loadEnvFile), without their differences between
 * versions over which value wins.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, file = path.resolve('.env')): EnvFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file: null, applied: [], kept: [] };
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  const applied: string[] = [];
  const kept: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined && env[name] !== '') kept.push(name);
    else {
      env[name] = value;
      applied.push(name);
    }
  }
  return { file, applied, kept };
}

/** The log line: which file, which names (never the values). */
export function describeEnvFile(r: EnvFileResult): string | null {
  if (!r.file) return null;
  const kept = r.kept.length ? `; exported values kept for ${r.kept.join(', ')}` : '';
  return `read ${r.file}: ${r.applied.length ? r.applied.join(', ') : 'no variables'}${kept}`;
}

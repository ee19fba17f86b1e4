import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const REPO_CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));
export const SEED_2018 = 'croydon-2018-08-02.txt';
export const SEED_2019 = 'croydon-2019-12-18.md';

/** Temp dirs made in a test file, removed after each test. Never the repo's corpus/ or index/. */
export function useTempDirs(): (prefix: string) => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async (prefix) => {
    const dir = await mkdtemp(path.join(tmpdir(), `letters-${prefix}-`));
    made.push(dir);
    return dir;
  };
}

/** Copies the seed letters, byte-for-byte, into dir. */
export async function copySeeds(dir: string): Promise<void> {
  for (const f of await readdir(REPO_CORPUS)) {
    if (/\.(md|txt)$/.test(f)) await copyFile(path.join(REPO_CORPUS, f), path.join(dir, f));
  }
}

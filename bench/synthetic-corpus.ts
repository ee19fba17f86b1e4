import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SeedMaterial } from './seed-material.js';
import { syntheticLetter } from './synthetic-letter.js';

/**
 * Writes letters [from, to) of the corpus for `seed` into dir. Deterministic. With `modifiedAt`,
 * the files carry that modification time, as files copied in before the index was built would.
 */
export async function writeSyntheticCorpus(dir: string, m: SeedMaterial, seed: number, to: number, from = 0, modifiedAt?: Date): Promise<void> {
  await mkdir(dir, { recursive: true });
  const batch: Promise<void>[] = [];
  for (let i = from; i < to; i++) {
    const letter = syntheticLetter(seed, i, m);
    const file = path.join(dir, letter.file);
    batch.push(writeFile(file, letter.text).then(() => (modifiedAt ? utimes(file, modifiedAt, modifiedAt) : undefined)));
    if (batch.length >= 64) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SeedMaterial } from './seed-material.js';
import { syntheticLetter } from './synthetic-letter.js';

/** Writes letters [from, to) of the corpus for `seed` into dir. Deterministic. */
export async function writeSyntheticCorpus(dir: string, m: SeedMaterial, seed: number, to: number, from = 0): Promise<void> {
  await mkdir(dir, { recursive: true });
  const batch: Promise<void>[] = [];
  for (let i = from; i < to; i++) {
    const letter = syntheticLetter(seed, i, m);
    batch.push(writeFile(path.join(dir, letter.file), letter.text));
    if (batch.length >= 64) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

import { existsSync } from 'node:fs';
import path from 'node:path';

/** ../shared/real-letters: 125 real Ofsted PDFs with a manifest of authority, kind and publication date. */
export const REAL_LETTERS = path.resolve(import.meta.dirname, '../../../shared/real-letters');

export interface ManifestEntry {
  file: string;
  authority: string;
  kind: 'focused visit' | 'inspection';
  published: string;
}

/**
 * The real documents' folder, or null when this clone has none beside it (a user's clone): the
 * tests that need it then skip with a warning naming the folder. CI always has it, so there a
 * missing folder fails instead of skipping.
 */
export function realLettersDir(): string | null {
  if (existsSync(path.join(REAL_LETTERS, 'manifest.json'))) return REAL_LETTERS;
  if (process.env.CI === 'true') throw new Error(`${REAL_LETTERS} is missing: CI must have ../shared/real-letters`);
  console.warn(`[letters-assistant] ${REAL_LETTERS} not found: skipping the tests on real Ofsted documents`);
  return null;
}

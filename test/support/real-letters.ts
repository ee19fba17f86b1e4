import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real Ofsted PDFs beside the repository (../shared/real-letters: see its README and
 * manifest.json). CI has them; a user's clone usually does not. REAL_LETTERS_DIR overrides the path.
 */
export const REAL_LETTERS_PATH = process.env.REAL_LETTERS_DIR ?? fileURLToPath(new URL('../../../shared/real-letters', import.meta.url));

/**
 * The folder's path, or null when it is missing: then tests that need it skip, with a warning
 * naming the folder. Under CI=true a missing folder is an error instead, so CI never passes by
 * skipping. Use as `describe.skipIf(!dir)` with `const dir = realLettersDir()`.
 */
export function realLettersDir(): string | null {
  if (existsSync(REAL_LETTERS_PATH)) return REAL_LETTERS_PATH;
  if (process.env.CI === 'true') throw new Error(`${REAL_LETTERS_PATH} is missing: CI must have the real Ofsted letters (../shared/real-letters)`);
  console.warn(`\n[letters-assistant] ${REAL_LETTERS_PATH} not found: skipping the tests on real Ofsted letters\n`);
  return null;
}

/** One document of manifest.json: its authority's slug, its kind and Ofsted's publication date. */
export interface ManifestEntry {
  file: string;
  authority: string;
  kind: 'focused visit' | 'inspection';
  published: string;
}

import { prepareWordVectors } from '../../src/text/semantics/word-vector-cache.js';

/**
 * Vitest global setup: makes the compact word-vector table once before any test runs (on a fresh
 * clone it does not exist yet), so no test pays for it or races another to make it.
 */
export default async function prepareSemantics(): Promise<void> {
  await prepareWordVectors();
}

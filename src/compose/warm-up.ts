import { HashingEmbedder } from '../embed/hashing-embedder.js';
import type { Snapshot } from '../serving/snapshot.js';

/**
 * Questions a server asks its own index before it listens: a long one (the two-stage dense scan,
 * BM25 over many terms, the semantic expansion) and a short one. The hits are thrown away; what
 * stays is the compiled search code and the word tables the expansion reads on first use.
 */
const QUESTIONS = ['How effective is management oversight of social work practice with children and their families?', 'What needs to improve?'];

/**
 * Gets a server's first questions to cost what later ones do: every vector column decoded and the
 * search code compiled before it listens. Measured at 10,000 letters over HTTP: without it the
 * first three searches took 85–115 ms, and the columns still decoding in idle time slowed the next
 * dozen to 20–60 ms (search p95 over 150 requests 24 ms; with it 19 ms), for ~0.2 s more start.
 * Returns the milliseconds spent (0 when skipped).
 */
export async function warmUp(snapshot: Snapshot): Promise<number> {
  // With a database a search is round trips that read letters' texts and records, and a model's
  // embedder would be asked (and billed) for the warm-up questions: neither at start.
  if (snapshot.library.readsAhead || snapshot.library.chunkCount === 0 || !(snapshot.retriever.embedder instanceof HashingEmbedder)) return 0;
  const started = performance.now();
  snapshot.library.index.matrix.decodeAll();
  for (const query of QUESTIONS) await snapshot.retriever.search({ query, k: 10 });
  return performance.now() - started;
}

import { DEFAULT_CHUNK_OPTIONS } from '../chunk/chunk.js';
import type { Letter } from '../corpus/letter.js';
import { type CorpusProblem, loadCorpus } from '../corpus/load-corpus.js';
import { HashingEmbedder } from '../embed/hashing-embedder.js';
import { type Snapshot, snapshotOf } from '../serving/snapshot.js';
import { embedLetters } from '../store/embed-letters.js';
import { Library } from '../store/library.js';

/**
 * Several corpus folders (the seeds in corpus/ and the ingested real letters) indexed together in
 * memory with the built-in embedder, as a user who loaded them all would have them. Two folders
 * that give the same letter id are a mistake in the eval's set-up, not a replacement.
 */
export async function openEvalSnapshot(corpusDirs: string[]): Promise<Snapshot> {
  const letters: Letter[] = [];
  const problems: CorpusProblem[] = [];
  const from = new Map<string, string>();
  for (const dir of corpusDirs) {
    const corpus = await loadCorpus(dir);
    for (const letter of corpus.letters) {
      const other = from.get(letter.id);
      if (other) throw new Error(`letter id "${letter.id}" is in both ${other} and ${dir}`);
      from.set(letter.id, dir);
      letters.push(letter);
    }
    problems.push(...corpus.problems);
  }
  const embedder = new HashingEmbedder();
  const index = await embedLetters(letters, embedder, DEFAULT_CHUNK_OPTIONS);
  return snapshotOf(new Library(letters, index, problems), embedder);
}

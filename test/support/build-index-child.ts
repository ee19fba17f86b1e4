/**
 * Child process for the crash and concurrency tests: builds the index for a corpus folder,
 * printing a line per letter so the parent can kill it at a chosen moment.
 * Usage: node --import tsx build-index-child.ts <corpusDir> <indexDir> <dimensions> [threads]
 */
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { ensureIndex } from '../../src/store/build-index.js';

const [corpusDir, indexDir, dims, threads = '1'] = process.argv.slice(2);
if (!corpusDir || !indexDir || !dims) throw new Error('usage: build-index-child.ts <corpusDir> <indexDir> <dimensions>');

const { letters } = await loadCorpus(corpusDir);
console.log('started');
const result = await ensureIndex({
  indexDir,
  letters,
  embedder: new HashingEmbedder(Number(dims)),
  chunkOptions: DEFAULT_CHUNK_OPTIONS,
  // Threads for any number of letters: the kill tests' corpora are small.
  parallelism: { threads: Number(threads), minLetters: 1 },
  onProgress: (e) => console.log(`progress ${e.done}/${e.total}`),
});
console.log(`done ${result.action} ${result.index.chunks.length}`);

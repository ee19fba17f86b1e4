import { DEFAULT_CHUNK_OPTIONS } from '../src/chunk/chunk.js';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import { HashingEmbedder } from '../src/embed/hashing-embedder.js';
import { Library } from '../src/library.js';
import { embedLetters } from '../src/store/build-index.js';

/** corpus/ indexed in memory, for scripts that must not touch index/. */
export async function seedLibrary(corpusDir = 'corpus') {
  const corpus = await loadCorpus(corpusDir);
  const embedder = new HashingEmbedder();
  return { library: new Library(corpus.letters, await embedLetters(corpus.letters, embedder, DEFAULT_CHUNK_OPTIONS)), embedder };
}

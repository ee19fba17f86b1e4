/**
 * Run by the benchmark in a fresh process (so its peak RSS is the build's own): loads the corpus
 * and brings the index up to date the way `npm run index` does, then prints one JSON line.
 */
import { loadConfig } from '../src/compose/config.js';
import { chunkOptionsFrom } from '../src/compose/settings.js';
import { loadCorpus } from '../src/corpus/load-corpus.js';
import { createEmbedder } from '../src/embed/create-embedder.js';
import { ensureIndex } from '../src/store/build-index.js';
import { vectorStoreFor } from '../src/store/stores.js';

const started = performance.now();
const config = loadConfig();
const embedder = await createEmbedder({ embeddingModel: undefined, openaiApiKey: undefined, builtinDimensions: config.EMBEDDING_DIMENSIONS });
const corpus = await loadCorpus(config.CORPUS_DIR);
const corpusMs = performance.now() - started;
const build = await ensureIndex({
  indexDir: config.INDEX_DIR,
  letters: corpus.letters,
  embedder,
  store: vectorStoreFor(config.INDEX_STORE),
  chunkOptions: chunkOptionsFrom(config),
});
const totalMs = performance.now() - started;
console.log(
  JSON.stringify({
    action: build.action,
    letters: corpus.letters.length,
    chunks: build.index.chunks.length,
    embeddedLetters: build.embeddedLetters,
    corpusMs,
    indexMs: totalMs - corpusMs,
    totalMs,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);

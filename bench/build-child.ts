/**
 * Run by the benchmark in a fresh process (so its peak RSS is the build's own): loads the corpus
 * and brings the index up to date the way `npm run index` does, then prints one JSON line.
 */
import { loadConfig } from '../src/compose/config.js';
import { chunkOptionsFrom, parallelismFrom } from '../src/compose/settings.js';
import { FileTexts } from '../src/corpus/file-texts.js';
import { scanCorpus } from '../src/corpus/scan-corpus.js';
import { createEmbedder } from '../src/embed/create-embedder.js';
import { ensureIndex } from '../src/store/build-index.js';
import { readKnownCorpus } from '../src/store/known-corpus.js';
import { vectorStoreFor } from '../src/store/stores.js';

const started = performance.now();
const config = loadConfig();
const embedder = await createEmbedder({ embeddingModel: undefined, openaiApiKey: undefined, builtinDimensions: config.EMBEDDING_DIMENSIONS });
// As openLibrary does: only files whose size or mtime changed since the last build are read and hashed.
const corpus = await scanCorpus(config.CORPUS_DIR, await readKnownCorpus(config.INDEX_DIR));
const texts = new FileTexts(config.CORPUS_DIR);
const corpusMs = performance.now() - started;
const cpuBefore = process.cpuUsage();
const build = await ensureIndex({
  indexDir: config.INDEX_DIR,
  letters: corpus.letters,
  textOf: (l) => corpus.read.get(l.id)?.text ?? texts.readSync(l),
  stamps: corpus.stamps,
  stampedAt: corpus.stampedAt,
  embedder,
  store: vectorStoreFor(config.INDEX_STORE),
  chunkOptions: chunkOptionsFrom(config),
  parallelism: parallelismFrom(config),
});
const totalMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    action: build.action,
    letters: corpus.letters.length,
    chunks: build.index.chunks.length,
    embeddedLetters: build.embeddedLetters,
    corpusMs,
    indexMs: totalMs - corpusMs,
    // CPU of the index step alone: on a shared machine its wall time includes waiting for a core.
    indexCpuMs: (cpu.user + cpu.system) / 1000,
    totalMs,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);

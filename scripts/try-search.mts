import { loadConfig } from '../src/config.js';
import { createEmbedder } from '../src/embed/create-embedder.js';
import { openLibrary } from '../src/open-library.js';
import { Retriever } from '../src/retrieve/retriever.js';
process.chdir('/work/main');
const config = loadConfig({});
const emb = createEmbedder({ builtinDimensions: 768 });
const { library } = await openLibrary(config, emb, { log: console.log });
const r = new Retriever(library, emb);
for (const q of process.argv.slice(2)) {
  const hits = await r.rank({ query: q, k: 4 });
  console.log('Q:', q);
  for (const h of hits) console.log(`  ${h.chunk.letterId} p${h.chunk.n} ${h.chunk.kind} s=${h.score.toFixed(3)} bm=${h.sparse.toFixed(2)} d=${h.dense.toFixed(3)} | ${r.chunkText(h.chunk).slice(0, 80).replace(/\s+/g,' ')}`);
}

import { stem } from '../src/text/analyze.js';
import { wordNetStems } from '../src/text/semantics/similarity.js';
import { prepareWordVectors } from '../src/text/semantics/word-vector-cache.js';

const wv = (await prepareWordVectors())!;
for (const w of process.argv.slice(2)) {
  const s = stem(w);
  console.log(w, s, [...wordNetStems(w)].map(([k, v]) => `${k}:${v}:${wv.cosine(s, k)?.toFixed(2)}`).join(' '));
}

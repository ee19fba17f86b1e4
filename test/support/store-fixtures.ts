import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Letter } from '../../src/corpus/letter.js';
import { parseLetterFile } from '../../src/corpus/load-corpus.js';
import type { ChunkRecord } from '../../src/store/chunk-record.js';
import type { Manifest } from '../../src/store/manifest.js';
import { VectorMatrix } from '../../src/store/vector-matrix.js';

export const tempDir = (prefix: string) => mkdtemp(path.join(tmpdir(), `letters-${prefix}-`));

/** The two seed letters from corpus/ (read only), parsed as the server parses them. */
export async function seedLetters(): Promise<Letter[]> {
  return Promise.all(
    ['croydon-2018-08-02.txt', 'croydon-2019-12-18.md'].map(async (file) => {
      const parsed = parseLetterFile(file, await readFile(path.join('corpus', file)));
      if ('reason' in parsed) throw new Error(parsed.reason);
      return parsed;
    }),
  );
}

/** A third letter made from a seed: different bytes, so a different letter to the index. */
export function extraLetter(base: Letter, id = 'extra-2020-01-01'): Letter {
  const parsed = parseLetterFile(`${id}.md`, Buffer.from(`${base.text}\n\nA closing paragraph that only the extra letter has, about caseloads.\n`));
  if ('reason' in parsed) throw new Error(parsed.reason);
  return parsed;
}

/** n chunk records over a few letters, with every kind and null and non-null sections. */
/** `vectors` are the float rows; `matrix` the same quantized, as stores keep them. */
export function sampleRows(n: number, dims: number, seed = 1): { chunks: ChunkRecord[]; vectors: Float32Array; matrix: VectorMatrix } {
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
  const kinds = ['front', 'body', 'closing'] as const;
  const chunks: ChunkRecord[] = Array.from({ length: n }, (_, i) => {
    const letterId = `letter-${i % 3}`;
    return {
      id: `${letterId}#p${i + 1}`,
      letterId,
      n: i + 1,
      start: i * 10,
      end: i * 10 + 9,
      section: i % 4 === 0 ? null : `Section ${i % 2}`,
      kind: kinds[i % 3] as ChunkRecord['kind'],
      tokens: 5 + i,
    };
  });
  const vectors = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let j = 0; j < dims; j++) {
      const v = rand();
      vectors[i * dims + j] = v;
      norm += v ** 2;
    }
    for (let j = 0; j < dims; j++) vectors[i * dims + j] = (vectors[i * dims + j] as number) / Math.sqrt(norm);
  }
  return { chunks, vectors, matrix: VectorMatrix.quantize(vectors, dims) };
}

/** A manifest for an index built in a test from rows alone (no corpus letters). */
export function rowsManifest(dims: number, chunkCount: number): Manifest {
  return {
    version: 1,
    createdAt: 'now',
    chunker: { version: 'test', maxTokens: 350, minWords: 8 },
    embedder: { id: 'test', dimensions: dims },
    letters: {},
    chunkCount,
  };
}

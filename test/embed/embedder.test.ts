import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { REPO_CORPUS, SEED_2019 } from '../support/temp-corpus.js';

const letter = readFileSync(path.join(REPO_CORPUS, SEED_2019), 'utf8');
const paragraphs = chunkLetter(letter).chunks.map((c) => letter.slice(c.start, c.end));
const paragraphWith = (needle: string) => {
  const p = paragraphs.find((t) => t.includes(needle));
  if (!p) throw new Error(`no paragraph contains "${needle}"`);
  return p;
};
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
const norm = (v: number[]) => Math.sqrt(dot(v, v));

describe('built-in embedder', () => {
  it('gives the same vector for the same text, whatever instance, batch or order', async () => {
    const [a, b] = [new HashingEmbedder(), new HashingEmbedder()];
    expect(a.id).toBe(b.id);
    const one = await a.embed(paragraphs);
    const reversed = (await b.embed([...paragraphs].reverse())).reverse();
    expect(reversed).toEqual(one);
    // A passage's vector never depends on its batch: what incremental index builds rely on.
    expect(await a.embed([paragraphs[3] as string])).toEqual([one[3]]);
    expect(await a.embedQuery('caseloads of social workers')).toEqual(await b.embedQuery('caseloads of social workers'));
  });

  it('returns L2-normalised vectors of the configured size, and zeros (not NaN) for empty text', async () => {
    const e = await createEmbedder({ builtinDimensions: 512 });
    expect(e.dimensions).toBe(512);
    const vectors = [...(await e.embed(paragraphs)), await e.embedQuery('How many cases do social workers hold?', (f) => (f.startsWith('#') ? 0.2 : 3))];
    for (const v of vectors) {
      expect(v).toHaveLength(512);
      expect(norm(v)).toBeCloseTo(1, 6);
    }
    const [empty] = await e.embed(['   ']);
    expect(empty?.every((x) => x === 0)).toBe(true);
    expect(new HashingEmbedder(256).id).not.toBe(new HashingEmbedder(512).id);
  });

  it('puts "workload" closer to a caseloads paragraph than to an unrelated one', async () => {
    const e = new HashingEmbedder();
    const query = await e.embedQuery('workload');
    const [caseloads, adoption] = await e.embed([paragraphWith('manageable caseloads'), paragraphWith('plan for adoption. Casework')]);
    expect(paragraphWith('manageable caseloads')).not.toMatch(/workload/i);
    expect(dot(query, caseloads as number[])).toBeGreaterThan(dot(query, adoption as number[]) + 0.02);
  });

  it('matches an acronym to its spelled-out form through the lexicon (PLO ↔ public law outline)', async () => {
    const e = new HashingEmbedder();
    const query = await e.embedQuery('PLO');
    const plo = paragraphWith('public law outline pre-proceedings');
    expect(plo).not.toMatch(/\bPLO\b/);
    const [withPlo, staffing] = await e.embed([plo, paragraphWith('Staff recruitment continues')]);
    expect(dot(query, withPlo as number[])).toBeGreaterThan(0.05);
    expect(dot(query, withPlo as number[])).toBeGreaterThan(dot(query, staffing as number[]) + 0.05);
  });
});

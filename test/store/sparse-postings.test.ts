import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { HashingEmbedder } from '../../src/embed/hashing-embedder.js';
import { SparseIndex } from '../../src/retrieve/sparse-index.js';
import { TermStats } from '../../src/retrieve/term-stats.js';
import { embedLetters } from '../../src/store/embed-letters.js';
import { SparsePostings } from '../../src/store/sparse-postings.js';
import { indexTerms } from '../../src/text/analyze.js';
import { extraLetter, seedLetters } from '../support/store-fixtures.js';

const QUESTIONS = ['How are caseloads?', 'What did inspectors find about care leavers and their personal advisers?', 'staff turnover social workers', 'xyzzy'];

async function seedIndex() {
  const letters = await seedLetters();
  const index = await embedLetters(letters, new HashingEmbedder(64), DEFAULT_CHUNK_OPTIONS);
  const textOf = (i: number) => {
    const c = index.chunks[i];
    const l = letters.find((x) => x.id === c?.letterId);
    return l && c ? l.text.slice(c.start, c.end) : '';
  };
  return { letters, index, passages: index.chunks.map((c, i) => ({ terms: indexTerms(textOf(i)), section: c.section })) };
}

describe('SparsePostings', () => {
  it('persisted and read back, scores every query exactly as the index built from the texts', async () => {
    const { index, passages } = await seedIndex();
    const fromTexts = new SparseIndex(passages);
    const persisted = index.sparse as SparsePostings;
    const back = new SparseIndex(SparsePostings.decode(persisted.encode(), passages.length));
    for (const q of QUESTIONS) expect(back.query(q, 20)).toEqual(fromTexts.query(q, 20));
    expect(back.documentFrequencies()).toEqual(fromTexts.documentFrequencies());
    const body = (i: number) => index.chunks[i]?.kind === 'body';
    const bodyStats = TermStats.fromTerms(passages.filter((_, i) => body(i)).map((p) => p.terms));
    for (const [t, df] of back.documentFrequencies(body)) expect(df).toBe(bodyStats.documentFrequency(t));
    for (const [i, p] of passages.entries()) for (const t of p.terms.slice(0, 5)) expect(back.termsOf(i).has(t)).toBe(true);
    expect(back.termsOf(0).has('no-such-term')).toBe(false);
  });

  it('an incremental build copies the postings of unchanged letters and scores as a fresh build does', async () => {
    const { letters, index } = await seedIndex();
    const extra = extraLetter(letters[0] as (typeof letters)[number]);
    const all = [extra, ...letters];
    const reused = new Set(letters.map((l) => l.id));
    const incremental = await embedLetters(all, new HashingEmbedder(64), DEFAULT_CHUNK_OPTIONS, index, reused, undefined, {
      textOf: (l) => {
        if (reused.has(l.id)) throw new Error(`${l.id}'s text was read, but its postings should have been copied`);
        return extra.text;
      },
    });
    const fresh = await embedLetters(all, new HashingEmbedder(64), DEFAULT_CHUNK_OPTIONS);
    const [a, b] = [new SparseIndex(incremental.sparse as SparsePostings), new SparseIndex(fresh.sparse as SparsePostings)];
    for (const q of QUESTIONS) expect(a.query(q, 30)).toEqual(b.query(q, 30));
    expect(new Map([...a.documentFrequencies()].sort())).toEqual(new Map([...b.documentFrequencies()].sort()));
  });

  it('refuses a truncated or mislabelled file', async () => {
    const { index } = await seedIndex();
    const bytes = (index.sparse as SparsePostings).encode();
    expect(() => SparsePostings.decode(bytes.subarray(0, bytes.length - 3), index.chunks.length)).toThrow(/sparse index/);
    expect(() => SparsePostings.decode(bytes, index.chunks.length + 1)).toThrow(/sparse index holds/);
    expect(() => SparsePostings.decode(new Uint8Array(16), index.chunks.length)).toThrow(/not a sparse index/);
  });
});

describe('SparsePostings.concat', () => {
  it('joins segments into the postings, lengths and averages one build over all the passages has', async () => {
    const { passages } = await seedIndex();
    const cut = Math.floor(passages.length / 3);
    const parts = [passages.slice(0, cut), passages.slice(cut, cut + 5), passages.slice(cut + 5)].map((p) => SparsePostings.build(p));
    const joined = SparsePostings.concat(parts);
    const whole = SparsePostings.build(passages);
    expect(joined.count).toBe(whole.count);
    expect([...joined.terms].sort()).toEqual([...whole.terms].sort());
    for (const field of ['text', 'section'] as const) {
      expect(Array.from(joined[field].lengths)).toEqual(Array.from(whole[field].lengths));
      expect(joined[field].avgLength).toBe(whole[field].avgLength);
      const postingsOf = (p: SparsePostings, t: string) => {
        const id = p.termIds().get(t) as number;
        const f = p[field];
        const from = f.offsets[id] as number;
        const to = f.offsets[id + 1] as number;
        return [Array.from(f.docs.subarray(from, to)), Array.from(f.tfs.subarray(from, to))];
      };
      for (const t of whole.terms) expect(postingsOf(joined, t), t).toEqual(postingsOf(whole, t));
    }
    const [a, b] = [new SparseIndex(joined), new SparseIndex(whole)];
    for (const q of QUESTIONS) expect(a.query(q, 20)).toEqual(b.query(q, 20));
    expect(Object.fromEntries(a.documentFrequencies())).toEqual(Object.fromEntries(b.documentFrequencies()));
  });
});

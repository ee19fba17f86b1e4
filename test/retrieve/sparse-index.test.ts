import { readFile } from 'node:fs/promises';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';
import { SparseIndex } from '../../src/retrieve/sparse-index.js';
import { TermStats } from '../../src/retrieve/term-stats.js';
import { CONCEPT_PREFIX, indexTerms } from '../../src/text/analyze.js';
import { seedLetters } from '../support/store-fixtures.js';

/** The sparse index as it was: minisearch over the same analysis. SparseIndex must score exactly like it. */
function minisearchReference(passages: { text: string; section: string | null }[]) {
  const ms = new MiniSearch<{ id: number; text: string; section: string }>({
    fields: ['text', 'section'],
    tokenize: (text) => indexTerms(text),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => indexTerms(text), processTerm: (term) => term },
  });
  ms.addAll(passages.map((p, id) => ({ id, text: p.text, section: p.section ?? '' })));
  return (query: string, limit: number, accept?: (i: number) => boolean) =>
    ms
      .search(query, {
        boost: { text: 1, section: 0.5 },
        boostTerm: (term) => (term.startsWith(CONCEPT_PREFIX) ? 0.6 : 1),
        ...(accept ? { filter: (r) => accept(r.id as number) } : {}),
      })
      .slice(0, limit)
      .map((r) => ({ index: r.id as number, score: r.score }));
}

async function passages() {
  const out: { text: string; section: string | null }[] = [];
  for (const letter of await seedLetters()) {
    for (const c of chunkLetter(letter.text).chunks) out.push({ text: letter.text.slice(c.start, c.end), section: c.section });
  }
  // Duplicates and empty passages: ties and zero-length fields must come out in minisearch's order too.
  out.push(...out.slice(0, 5), { text: 'the of and', section: null }, { text: '', section: 'Overview' });
  return out;
}

async function questions(): Promise<string[]> {
  const dev = JSON.parse(await readFile('test/eval/dev-set.json', 'utf8')) as { question: string }[];
  return [...dev.map((d) => d.question), 'caseloads caseloads caseload', 'care leavers and care', 'zzzz unknown words', 'the of and'];
}

describe('SparseIndex', () => {
  it('ranks and scores exactly as minisearch did, question by question', async () => {
    const ps = await passages();
    const ours = new SparseIndex(ps.map((p) => ({ terms: indexTerms(p.text), section: p.section })));
    const reference = minisearchReference(ps);
    for (const q of await questions()) {
      const got = ours.query(q, 50);
      const want = reference(q, 50);
      expect(
        got.map((g) => g.index),
        q,
      ).toEqual(want.map((w) => w.index));
      got.forEach((g, i) => {
        expect(g.score, q).toBeCloseTo(want[i]?.score as number, 9);
      });
    }
  });

  it('applies the filter before the limit, and repeated queries do not leak state', async () => {
    const ps = await passages();
    const ours = new SparseIndex(ps.map((p) => ({ terms: indexTerms(p.text), section: p.section })));
    const reference = minisearchReference(ps);
    const even = (i: number) => i % 2 === 0;
    const q = 'How are social workers supervised and what are their caseloads?';
    const first = ours.query(q, 7, even);
    expect(first.map((r) => r.index)).toEqual(reference(q, 7, even).map((r) => r.index));
    expect(first.every((r) => r.index % 2 === 0)).toBe(true);
    ours.query('adoption', 3);
    expect(ours.query(q, 7, even)).toEqual(first);
    expect(ours.query(q, 0)).toEqual([]);
  });

  it('counts document frequencies as TermStats does over the same passages, every term once', async () => {
    const ps = await passages();
    const terms = ps.map((p) => indexTerms(p.text));
    const ours = new SparseIndex(ps.map((p, i) => ({ terms: terms[i] as string[], section: p.section })));
    const odd = (i: number) => i % 3 === 1;
    for (const [accept, subset] of [
      [undefined, terms],
      [odd, terms.filter((_, i) => odd(i))],
    ] as const) {
      const reference = TermStats.fromTerms(subset);
      const df = ours.documentFrequencies(accept);
      const stats = TermStats.fromDocumentFrequencies(df, subset.length);
      // Ordered by the first passage that has the term (then term id), not by position inside it: the postings do not keep positions.
      expect([...df.keys()].sort()).toEqual([...new Set(subset.flatMap((t) => [...new Set(t)]))].sort());
      for (const t of [...df.keys(), 'absent-term']) {
        expect(stats.documentFrequency(t)).toBe(reference.documentFrequency(t));
        expect(stats.idf(t)).toBe(reference.idf(t));
      }
      expect(stats.variantsOf('supervis').sort()).toEqual(reference.variantsOf('supervis').sort());
    }
  });
});

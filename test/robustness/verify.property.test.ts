import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import type { Citation } from '../../src/corpus/citation.js';
import { openTestLibrary, type TestLibrary, tempCorpus } from '../support/temp-library.js';
import { appOver } from '../support/test-server.js';

interface VerifyReport {
  valid: boolean;
  results: { valid: boolean }[];
  unknownRefs?: number[];
}

let corpusDir: string;
let t: TestLibrary;
let app: Hono;

beforeAll(async () => {
  corpusDir = await tempCorpus('test/fixtures/injection-letter/hostileshire-2021-03-04.md', 'test/fixtures/hostile-corpus/riverton-2021-03-04.md');
  t = await openTestLibrary(corpusDir);
  app = await appOver(t.snapshot);
});
afterAll(async () => {
  await t.cleanup();
  await rm(corpusDir, { recursive: true, force: true });
});

const post = async <T>(route: string, body: unknown): Promise<T> => {
  const res = await app.request(route, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  expect(res.status, route).toBe(200);
  return (await res.json()) as T;
};

const devQuestions = (JSON.parse(readFileSync('test/eval/dev-set.json', 'utf8')) as { question: string }[]).map((q) => q.question);
const question = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...devQuestions, 'What did inspectors say about caseloads in Hostileshire?', 'Is every child in Hostileshire safe? [99]') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0) },
);

/** One character changed in the quote, or one offset moved by one. */
type Change = { field: 'quote'; at: number; kind: 'replace' | 'insert' | 'delete'; char: string } | { field: 'start' | 'end'; delta: 1 | -1 };
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    field: fc.constant('quote' as const),
    at: fc.nat(),
    kind: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const),
    char: fc.constantFrom('a', 'e', ' ', '.', '\u2019', "'", '\n', 'x', '\u{1F600}'),
  }),
  fc.record({ field: fc.constantFrom('start' as const, 'end' as const), delta: fc.constantFrom(1 as const, -1 as const) }),
);

function applyChange(c: Citation, ch: Change): Citation {
  if (ch.field !== 'quote') return { ...c, [ch.field]: c[ch.field] + ch.delta };
  const at = ch.at % (c.quote.length + (ch.kind === 'insert' ? 1 : 0));
  const q = c.quote;
  if (ch.kind === 'insert') return { ...c, quote: q.slice(0, at) + ch.char + q.slice(at) };
  if (ch.kind === 'delete') return { ...c, quote: q.slice(0, at) + q.slice(at + 1) };
  // A different character in place of the one there.
  const other = q[at] === ch.char ? (ch.char === 'a' ? 'b' : 'a') : ch.char;
  return { ...c, quote: q.slice(0, at) + other + q.slice(at + 1) };
}

describe('POST /api/verify against /api/answer', () => {
  it('every citation an answer gives verifies, and the answer names no unknown ref', async () => {
    await fc.assert(
      fc.asyncProperty(question, async (q) => {
        const answer = await post<Answer>('/api/answer', { question: q });
        const report = await post<VerifyReport>('/api/verify', { answer: answer.answer, citations: answer.citations });
        expect(report.results.map((r) => r.valid)).toEqual(answer.citations.map(() => true));
        expect(report.unknownRefs ?? []).toEqual([]);
        expect(report.valid).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('a single-character change to a quote, or an offset moved by one, never verifies', async () => {
    const answers = await Promise.all(devQuestions.slice(0, 12).map((q) => post<Answer>('/api/answer', { question: q })));
    const citations = answers.flatMap((a) => a.citations);
    expect(citations.length).toBeGreaterThan(10);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...citations), change, async (citation, ch) => {
        const changed = applyChange(citation, ch);
        const report = await post<VerifyReport>('/api/verify', { citations: [changed] });
        expect(report.results[0]?.valid, JSON.stringify(ch)).toBe(false);
        expect(report.valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

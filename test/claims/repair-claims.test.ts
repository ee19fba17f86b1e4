import { describe, expect, it } from 'vitest';
import { repairClaims, type SourcePassage } from '../../src/claims/repair-claims.js';
import type { Citation } from '../../src/corpus/citation.js';

/** Two passages of one letter, laid out as the letter's text, each split into its sentences. */
const PASSAGES = [
  ['Caseloads remain high in the assessment teams.', 'A small number of children have spent an extended period on child protection plans without purposeful work.'],
  ['The vacancy rate is over 40%.', 'Children wait an extended period for plans to be reviewed in some teams.', 'Supervision is now regular and recorded.'],
] as const;
const TEXT = PASSAGES.map((p) => p.join(' ')).join('\n\n');
const SOURCES: SourcePassage[] = PASSAGES.map((sentences, i) => ({
  n: i + 1,
  cite: { letterId: 'l', letterDate: null, visitNumber: null, paragraph: i + 1, section: null },
  sentences: sentences.map((quote) => ({ start: TEXT.indexOf(quote), end: TEXT.indexOf(quote) + quote.length, quote })),
}));

function cite(ref: number, quote: string): Citation {
  const start = TEXT.indexOf(quote);
  return { ref, letterId: 'l', letterDate: null, visitNumber: null, paragraph: ref, section: null, start, end: start + quote.length, quote, score: 1 };
}

describe('repairClaims', () => {
  it('re-cites a claim to the passage sentence that supports it and drops the citation left unused', () => {
    const out = repairClaims('Supervision is now regular and recorded [1].', [cite(1, PASSAGES[0][0])], SOURCES);
    expect(out.text).toBe('Supervision is now regular and recorded [2].');
    expect(out.citations.map((c) => [c.ref, c.quote])).toEqual([[2, 'Supervision is now regular and recorded.']]);
    expect(out.repairs).toEqual([{ claim: 'Supervision is now regular and recorded', from: [1], to: 2 }]);
  });

  it.each([
    ['a wrong figure no sentence has', 'The vacancy rate is over 50% [2].', 2, PASSAGES[1][0]],
    ['a claim that drops the "without" of its own source', 'Some children have spent an extended period on child protection plans [1].', 1, PASSAGES[0][1]],
    ['an uncited claim', 'Caseloads remain high in the assessment teams.', 1, PASSAGES[0][0]],
  ])('leaves %s as written, for the claim check to mark', (_name, answer, ref, quote) => {
    const out = repairClaims(answer, [cite(ref, quote)], SOURCES);
    expect([out.text, out.repairs]).toEqual([answer, []]);
  });
});

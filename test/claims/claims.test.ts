import { describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/answer/answer-service.js';
import { annotateClaims } from '../../src/claims/annotate-claims.js';
import { checkClaim } from '../../src/claims/check-claim.js';
import { splitClaims } from '../../src/claims/split-claims.js';
import type { Letter } from '../../src/corpus/letter.js';
import { loadDevSet } from '../../src/eval/dev-set.js';
import { postJson, seedApp } from '../support/seed-app.js';

const VACANCY = 'The staff vacancy rate is over 40%, and some services, including the social work with families service, have vacancies.';
const THRESHOLDS = 'Thresholds are not applied consistently, which means that some children remain in \nneglectful circumstances for too long.';
const INSPECTORS = "The inspectors were Louise Hocking and Brenda McLaughlin, Her Majesty's Inspectors.";
const CASELOAD = "The current average caseload in the social work with families service is just over 14, which is below the local authority's target of 16 for the service.";
const VISIT = 'This letter summarises the findings of the monitoring visit to Croydon children’s services on 10 and 11 July 2018.';

describe('checkClaim', () => {
  it.each([
    ['the quote itself', VACANCY, [VACANCY], 'supported', []],
    ['a changed figure', 'The staff vacancy rate is over 50%.', [VACANCY], 'unsupported', ['over 50%']],
    ['a changed qualifier', 'The staff vacancy rate is under 40%.', [VACANCY], 'unsupported', ['under 40%']],
    ['a figure written out with per cent', 'The vacancy rate is over 40 per cent.', [VACANCY], 'supported', []],
    ['a dropped "not"', 'Thresholds are applied consistently.', [THRESHOLDS], 'unsupported', ['not']],
    ['an added "not"', 'The staff vacancy rate is not over 40%.', [VACANCY], 'unsupported', ['not']],
    ['a swapped name', 'The inspectors were Louise Hocking and Anne Waterman.', [INSPECTORS], 'unsupported', ['Anne Waterman']],
    ['a wrong date', 'The visit took place on 10 and 11 June 2018.', [VISIT], 'unsupported', ['10 and 11 June 2018']],
    ['a fine paraphrase through the lexicon', 'Workloads in the social work with families service average just over 14.', [CASELOAD], 'supported', []],
    ['a half-supported claim', 'Some services have vacancies and low morale.', [VACANCY], 'partial', ['low', 'morale']],
    ['an unrelated claim', 'Adoption panels meet monthly with independent chairs.', [VACANCY], 'unsupported', ['adoption', 'panels', 'meet', 'monthly', 'independent', 'chairs']],
    ['no citation', 'Croydon is doing well.', [], 'uncited', []],
  ])('%s', (_name, claim, quotes, support, missing) => {
    const verdict = checkClaim(claim, quotes);
    expect(verdict.support).toBe(support);
    expect(verdict.missing).toEqual(missing);
  });
});

describe('splitClaims', () => {
  it('splits at sentences and at [n] markers, skipping lead-ins, with offsets into the answer', () => {
    const answer = 'The letter of 2 August 2018 (third monitoring visit) says: Caseloads remain high. [1] [2]\n\nSupervision is regular [3], but quality varies. No citation here.';
    const claims = splitClaims(answer);
    expect(claims.map((c) => [answer.slice(c.start, c.end), c.refs])).toEqual([
      ['Caseloads remain high.', [1, 2]],
      ['Supervision is regular', [3]],
      [', but quality varies.', []],
      ['No citation here.', []],
    ]);
  });
});

describe('claims on answers', () => {
  it('marks an invented [n] unsupported and an uncited sentence uncited', () => {
    const claims = annotateClaims('Vacancies are over 40% [1]. Morale is high [7]. Everything is fine.', [{ ref: 1, quote: VACANCY }]);
    expect(claims.map((c) => c.support)).toEqual(['supported', 'unsupported', 'uncited']);
    expect(claims[1]?.missing).toEqual(['[7]']);
  });

  it('every offline answer on the dev set is fully supported, claim by claim', async () => {
    const { snapshot } = await seedApp();
    const service = new AnswerService(() => snapshot);
    for (const q of await loadDevSet('test/eval/dev-set.json')) {
      const a = await service.answer({ question: q.question, topK: 5 });
      if (!a.found) continue;
      expect(a.claims?.length).toBeGreaterThan(0);
      for (const c of a.claims ?? []) {
        expect(a.answer.slice(c.start, c.end)).toBe(c.text);
        expect([q.id, c.support, c.text]).toEqual([q.id, 'supported', c.text]);
      }
    }
  });

  it('POST /api/verify reports per-claim verdicts for a pasted answer', async () => {
    const { app, library } = await seedApp();
    const letter = library.letter('croydon-2019-12-18') as Letter;
    const start = letter.text.indexOf(VACANCY);
    const res = await postJson(app, '/api/verify', {
      answer: 'The vacancy rate is over 60% [1]. The vacancy rate is over 40% [1].',
      citations: [{ ref: 1, letterId: letter.id, start, end: start + VACANCY.length, quote: VACANCY }],
    });
    const report = (await res.json()) as { valid: boolean; claims: { support: string; missing: string[] }[] };
    expect(report.valid).toBe(true);
    expect(report.claims.map((c) => c.support)).toEqual(['unsupported', 'supported']);
    expect(report.claims[0]?.missing).toEqual(['over 60%']);
  });
});

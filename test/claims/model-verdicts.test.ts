import { describe, expect, it } from 'vitest';
import { annotateClaims } from '../../src/claims/annotate-claims.js';
import { type ModelVerdict, mergeModelVerdicts } from '../../src/claims/merge-model-verdicts.js';

const VACANCY = 'The staff vacancy rate is over 40%, and some services, including the social work with families service, have vacancies.';
const THRESHOLDS = 'Thresholds are not applied consistently, which means that some children remain in neglectful circumstances for too long.';
const INSPECTORS = "The inspectors were Louise Hocking and Brenda McLaughlin, Her Majesty's Inspectors.";
const VISIT = 'This letter summarises the findings of the monitoring visit to Croydon children’s services on 10 and 11 July 2018.';
const CASELOAD = "The current average caseload in the social work with families service is just over 14, which is below the local authority's target of 16 for the service.";

/** One claim citing one quote, judged offline, then merged with the model's verdict. */
function merged(claim: string, quote: string, model: ModelVerdict) {
  const quotes = new Map([[1, quote]]);
  const [offline] = annotateClaims(`${claim} [1]`, [{ ref: 1, quote }]);
  if (!offline) throw new Error('no claim');
  const [out] = mergeModelVerdicts([offline], new Map([[0, model]]), quotes);
  return out && { support: out.support, missing: out.missing, modelSupport: out.modelSupport };
}

describe('mergeModelVerdicts', () => {
  it.each([
    ['a changed figure', 'The staff vacancy rate is over 50%.', VACANCY, 'unsupported', ['over 50%']],
    ['a dropped "not"', 'Thresholds are applied consistently.', THRESHOLDS, 'unsupported', ['not']],
    ['a swapped name', 'The inspectors were Louise Hocking and Anne Waterman.', INSPECTORS, 'unsupported', ['Anne Waterman']],
    ['a wrong date', 'The visit took place on 10 and 11 June 2018.', VISIT, 'unsupported', ['10 and 11 June 2018']],
  ])('a model "supported" never overrides the offline verdict on %s', (_name, claim, quote, support, missing) => {
    expect(merged(claim, quote, { support: 'supported' })).toEqual({ support, missing, modelSupport: 'supported' });
  });

  it('lets the model decide on wording, both ways', () => {
    // The lexicon does not know "morale"; the model reads the quote as backing it.
    expect(merged('Some services have vacancies and low morale.', VACANCY, { support: 'supported' })).toEqual({ support: 'supported', missing: [], modelSupport: 'supported' });
    // Every word is in the quote, but "above" is not what it says.
    const above = merged('The average caseload is above the local authority target.', CASELOAD, { support: 'unsupported', reason: 'the quote says below' });
    expect(above).toEqual({ support: 'unsupported', missing: [], modelSupport: 'unsupported' });
  });

  it('leaves uncited claims and claims the model did not judge as they were', () => {
    const claims = annotateClaims('Croydon is doing well. Vacancies are over 40% [1].', [{ ref: 1, quote: VACANCY }]);
    const out = mergeModelVerdicts(claims, new Map([[0, { support: 'supported' }]]), new Map([[1, VACANCY]]));
    expect(out).toEqual(claims);
  });
});

import { checkFacts } from './check-claim.js';
import type { Claim } from './claim-types.js';

export interface ModelVerdict {
  support: 'supported' | 'partial' | 'unsupported';
  reason?: string;
}

/**
 * Combines a model's entailment verdicts (by claim index) with the offline ones. The offline
 * checker wins on figures, dates, names and negation, and on refs with no quote; on wording the
 * model decides, both ways (a paraphrase the lexicon missed, a meaning the word count missed).
 */
export function mergeModelVerdicts(claims: Claim[], verdicts: ReadonlyMap<number, ModelVerdict>, quotesByRef: ReadonlyMap<number, string>): Claim[] {
  return claims.map((claim, i) => {
    const verdict = verdicts.get(i);
    if (!verdict || claim.support === 'uncited') return claim;
    const judged: Claim = { ...claim, modelSupport: verdict.support };
    const quotes = claim.refs.map((r) => quotesByRef.get(r));
    if (quotes.some((q) => q === undefined) || checkFacts(claim.text, quotes as string[])) return judged;
    if (verdict.support === claim.support) return judged;
    if (verdict.support === 'supported') {
      const { reason: _offlineReason, ...rest } = judged;
      return { ...rest, support: 'supported', missing: [] };
    }
    const what = verdict.support === 'partial' ? 'back only part of' : 'do not back';
    return { ...judged, support: verdict.support, reason: `the model judged that the quotes ${what} the claim${verdict.reason ? `: ${verdict.reason}` : ''}` };
  });
}

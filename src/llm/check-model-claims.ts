import { annotateClaims } from '../claims/annotate-claims.js';
import type { Claim, ClaimCheck } from '../claims/claim-types.js';
import { mergeModelVerdicts } from '../claims/merge-model-verdicts.js';
import { type Repair, repairClaims } from '../claims/repair-claims.js';
import type { Citation } from '../corpus/citation.js';
import { toModelFailure } from '../openai/model-failure.js';
import type { Library } from '../store/library.js';
import type { ChatModel } from './chat-model.js';
import { AbortedError } from './guarded-calls.js';
import { judgeClaimsWithModel } from './judge-claims.js';
import type { PromptPassage } from './prompt.js';
import { sourcePassages } from './source-passages.js';

export interface ClaimCheckOptions {
  /** Asks this model to judge each claim too (VERIFY_WITH_MODEL). */
  judge?: ChatModel | undefined;
  timeoutMs: number;
  maxTokens: number;
  signal?: AbortSignal | undefined;
  log: (message: string) => void;
}

export interface CheckedClaims {
  answer: string;
  citations: Citation[];
  claims: Claim[];
  claimCheck?: ClaimCheck;
}

/**
 * A model answer's claims, checked: those its quotes do not support are re-cited to a given
 * passage that does, where one does, and every claim gets its verdict. With a judge, a second
 * model call weighs in (offline still wins on facts); if that call fails the offline verdicts
 * stand and claimCheck says why. Rejects only with AbortedError, when the caller aborts.
 */
export async function checkModelClaims(
  checked: { text: string; citations: Citation[] },
  passages: PromptPassage[],
  library: Library,
  options: ClaimCheckOptions,
): Promise<CheckedClaims> {
  const repaired = repairClaims(checked.text, checked.citations, sourcePassages(passages, library));
  const claims = markRecited(annotateClaims(repaired.text, repaired.citations), repaired.repairs);
  const base = { answer: repaired.text, citations: repaired.citations, claims };
  if (!options.judge) return base;
  const quotesByRef = new Map(repaired.citations.map((c) => [c.ref, c.quote]));
  try {
    const verdicts = await judgeClaimsWithModel(options.judge, claims, quotesByRef, options);
    return { ...base, claims: mergeModelVerdicts(claims, verdicts, quotesByRef), claimCheck: { by: 'offline+model' } };
  } catch (err) {
    if (err instanceof AbortedError || options.signal?.aborted) throw new AbortedError();
    const reason = toModelFailure(err, options.timeoutMs).message;
    options.log(`claims checked offline only: ${reason}`);
    return { ...base, claimCheck: { by: 'offline', degraded: { reason } } };
  }
}

/** Records on each re-cited claim the refs the model had written. */
function markRecited(claims: Claim[], repairs: Repair[]): Claim[] {
  const pending = [...repairs];
  return claims.map((c) => {
    const i = pending.findIndex((r) => r.claim === c.text && c.refs.length === 1 && c.refs[0] === r.to);
    if (i < 0) return c;
    const [repair] = pending.splice(i, 1);
    return { ...c, recitedFrom: repair?.from ?? [] };
  });
}

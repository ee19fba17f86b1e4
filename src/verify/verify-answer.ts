import { annotateClaims } from '../claims/annotate-claims.js';
import type { Claim } from '../claims/claim-types.js';
import type { Letter } from '../corpus/letter.js';
import { unknownRefs, type VerifyResult, verifyCitation } from './verify-citations.js';
import type { VerifyRequest } from './verify-request.js';

export interface VerifyReport {
  /** Every citation quotes its letter exactly, and the answer uses no [n] without a citation. About citations only. */
  valid: boolean;
  /** Whether every claim of the answer text is supported by the quotes it cites (only when an answer text was given). */
  supported?: boolean;
  results: VerifyResult[];
  /** [n] markers in the answer text that no citation has (only when an answer text was given). */
  unknownRefs?: number[];
  /** Per-claim verdicts of the answer text against the citations that verify. */
  claims?: Claim[];
}

export function verifyAnswer(letterOf: (id: string) => Letter | undefined, req: VerifyRequest): VerifyReport {
  const results = req.citations.map((c) => verifyCitation(letterOf, c));
  const missing =
    req.answer === undefined
      ? undefined
      : unknownRefs(
          req.answer,
          req.citations.flatMap((c) => (c.ref === undefined ? [] : [c.ref])),
        );
  const withRefs = req.citations.flatMap((c, i) => (c.ref === undefined ? [] : [{ ref: c.ref, quote: c.quote, valid: results[i]?.valid === true }]));
  const claims =
    req.answer === undefined
      ? undefined
      : annotateClaims(
          req.answer,
          withRefs.filter((c) => c.valid),
          new Set(withRefs.filter((c) => !c.valid).map((c) => c.ref)),
        );
  return {
    valid: results.every((r) => r.valid) && (missing?.length ?? 0) === 0,
    ...(claims ? { supported: claims.every((c) => c.support === 'supported') } : {}),
    results,
    ...(missing ? { unknownRefs: missing } : {}),
    ...(claims ? { claims } : {}),
  };
}

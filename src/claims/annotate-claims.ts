import { checkClaim } from './check-claim.js';
import type { Claim } from './claim-types.js';
import { splitClaims } from './split-claims.js';

export interface QuotedRef {
  ref: number;
  quote: string;
}

/** Every claim of an answer with its verdict against the quotes its [n] markers cite. */
export function annotateClaims(answer: string, citations: QuotedRef[], invalidRefs: ReadonlySet<number> = new Set()): Claim[] {
  const byRef = new Map(citations.map((c) => [c.ref, c.quote]));
  return splitClaims(answer).map((span) => {
    const text = answer.slice(span.start, span.end);
    const base = { text, start: span.start, end: span.end, refs: span.refs };
    const invalid = span.refs.filter((r) => invalidRefs.has(r));
    if (invalid.length) {
      return { ...base, support: 'unsupported', missing: invalid.map((r) => `[${r}]`), reason: 'cites a quote that does not match its letter' };
    }
    const unknown = span.refs.filter((r) => !byRef.has(r));
    if (unknown.length) {
      return { ...base, support: 'unsupported', missing: unknown.map((r) => `[${r}]`), reason: 'cites a passage that does not exist' };
    }
    const verdict = checkClaim(
      text,
      span.refs.map((r) => byRef.get(r) as string),
    );
    return { ...base, ...verdict };
  });
}

import type { Letter } from '../corpus/letter.js';
import { findNormalized, normalizeWithMap } from './normalized-text.js';

export interface CitationToVerify {
  ref?: number | undefined;
  letterId: string;
  start: number;
  end: number;
  quote: string;
  sha256?: string | undefined;
}

export type InvalidReason = 'unknown_letter' | 'offsets_out_of_range' | 'quote_mismatch';

export interface VerifyResult {
  ref?: number;
  letterId: string;
  valid: boolean;
  reason?: InvalidReason;
  message?: string;
  /** Present when the citation carried the letter's sha256: false means the letter has changed since. */
  letterSha256Matches?: boolean;
  /** Where the quote really is, when it occurs elsewhere in the letter (ignoring whitespace and quote style). */
  suggested?: { start: number; end: number };
}

/** Checks that quote === letter.text.slice(start, end), and says where the quote really is if not. */
export function verifyCitation(letterOf: (id: string) => Letter | undefined, c: CitationToVerify): VerifyResult {
  const base = { ...(c.ref !== undefined ? { ref: c.ref } : {}), letterId: c.letterId };
  const letter = letterOf(c.letterId);
  if (!letter) return { ...base, valid: false, reason: 'unknown_letter', message: `no letter with id "${c.letterId}"` };
  const sha = c.sha256 !== undefined ? { letterSha256Matches: c.sha256 === letter.sha256 } : {};
  const inRange = Number.isInteger(c.start) && Number.isInteger(c.end) && 0 <= c.start && c.start < c.end && c.end <= letter.text.length;
  if (inRange && letter.text.slice(c.start, c.end) === c.quote) return { ...base, valid: true, ...sha };

  const found = findNormalized(normalizeWithMap(letter.text), c.quote);
  const nearest = found.sort((a, b) => Math.abs(a.start - c.start) - Math.abs(b.start - c.start))[0];
  return {
    ...base,
    valid: false,
    reason: inRange ? 'quote_mismatch' : 'offsets_out_of_range',
    message: inRange ? 'the letter text at these offsets differs from the quote' : `offsets must satisfy 0 <= start < end <= ${letter.text.length}`,
    ...sha,
    ...(nearest ? { suggested: nearest } : {}),
  };
}

/** Every [n] in an answer's text that names no citation. */
export function unknownRefs(answer: string, refs: Iterable<number>): number[] {
  const known = new Set(refs);
  return [...new Set([...answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))].filter((r) => !known.has(r));
}

import { splitClaims } from '../claims/split-claims.js';
import { bestSupportingSentence } from '../claims/support.js';
import type { Citation } from '../corpus/citation.js';
import { citeSpan } from '../corpus/citation.js';
import type { Library } from '../store/library.js';
import { filterMarkers } from './marker-filter.js';
import type { PromptPassage } from './prompt.js';

export interface CheckedAnswer {
  /** The reply with invented markers removed and valid ones normalised to "[n]". */
  text: string;
  /** One per passage number the text cites, sorted by ref. */
  citations: Citation[];
  /** Marker numbers that named no provided passage (removed from the text). */
  dropped: number[];
}

/**
 * Checks a model reply against the passages it was given: [n] markers that match no passage are
 * removed, and each kept [n] becomes a citation quoting the sentence of passage n that best
 * supports the words citing it, cut from the stored letter so quote === text.slice(start, end).
 */
export function checkCitations(reply: string, passages: PromptPassage[], library: Library, question: string): CheckedAnswer {
  const filtered = filterMarkers(reply, passages.length);
  return { ...citeFiltered(filtered.text, passages, library, question), dropped: filtered.dropped };
}

/** As checkCitations, for text that has already been through a MarkerFilter (e.g. while streaming). */
export function citeFiltered(text: string, passages: PromptPassage[], library: Library, question: string): { text: string; citations: Citation[] } {
  const claimsByRef = new Map<number, string[]>();
  // The same claim split as the claim checker's, so the quote chosen is the one each claim is judged against.
  for (const claim of splitClaims(text)) {
    const words = text.slice(claim.start, claim.end);
    for (const ref of claim.refs) claimsByRef.set(ref, [...(claimsByRef.get(ref) ?? []), words]);
  }
  const citations: Citation[] = [];
  for (const [ref, claims] of [...claimsByRef].sort((a, b) => a[0] - b[0])) {
    const passage = passages[ref - 1];
    const letter = passage ? library.letter(passage.hit.letterId) : undefined;
    if (!passage || !letter) continue;
    const { hit } = passage;
    // The library may have been reindexed since retrieval: cite only what still reads the same.
    if (letter.text.slice(hit.start, hit.end) !== hit.text) continue;
    const span = bestSupportingSentence(letter.text, hit.start, hit.end, claims, question);
    if (!span) continue;
    citations.push(citeSpan(letter, hit, span, ref, span.score));
  }
  const cited = new Set(citations.map((c) => c.ref));
  const consistent = [...claimsByRef.keys()].every((ref) => cited.has(ref)) ? text : filterMarkers(text, (n) => cited.has(n)).text;
  return { text: consistent, citations };
}

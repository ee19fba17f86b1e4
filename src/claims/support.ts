import { analyze } from '../text/analyze.js';
import { type Span, sentenceSpans } from '../text/sentence-spans.js';

/** How much of `claim` a span of letter text carries: shared stems, concepts and numbers, 0..1. */
export function supportScore(claimFeatures: Set<string>, spanText: string): number {
  if (claimFeatures.size === 0) return 0;
  const span = features(spanText);
  let shared = 0;
  for (const f of claimFeatures) if (span.has(f)) shared++;
  return shared / claimFeatures.size;
}

export function features(text: string): Set<string> {
  const { terms, concepts } = analyze(text);
  return new Set([...terms, ...concepts]);
}

export interface SupportingSpan extends Span {
  score: number;
}

/**
 * The sentence of letterText[from, to) that best supports the claims; ties go to the sentence
 * that also matches the question, then to the earlier one. Never empty: a passage with no
 * matching sentence yields its first sentence with score 0.
 */
export function bestSupportingSentence(letterText: string, from: number, to: number, claims: string[], question: string): SupportingSpan | null {
  const spans = sentenceSpans(letterText, from, to);
  const claimSets = claims.map(features);
  const questionSet = features(question);
  let best: SupportingSpan | null = null;
  let bestRank = -1;
  for (const s of spans) {
    const text = letterText.slice(s.start, s.end);
    const support = Math.max(0, ...claimSets.map((c) => supportScore(c, text)));
    const rank = support + 0.25 * supportScore(questionSet, text);
    if (rank > bestRank) {
      best = { ...s, score: support };
      bestRank = rank;
    }
  }
  return best;
}

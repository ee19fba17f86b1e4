import { countTextTokens as countTokens } from '../text/count-tokens.js';
import { type Span, sentenceSpans } from '../text/sentence-spans.js';

/**
 * Splits a span at sentence boundaries so each piece stays within maxTokens; a sentence that is
 * itself too long is cut at whitespace. The last piece is kept from being a dangling fragment.
 */
export function splitLong(text: string, span: Span, maxTokens: number, minWords: number): Span[] {
  if (countTokens(text.slice(span.start, span.end)) <= maxTokens) return [span];
  const pieces: Span[][] = [];
  for (const unit of sentenceSpans(text, span.start, span.end).flatMap((s) => splitOversizedSentence(text, s, maxTokens))) {
    const cur = pieces.at(-1);
    if (cur && countTokens(text.slice(firstOf(cur).start, unit.end)) <= maxTokens) cur.push(unit);
    else pieces.push([unit]);
  }
  rebalanceTail(text, pieces, maxTokens, minWords);
  return pieces.map((units) => ({ start: firstOf(units).start, end: lastOf(units).end }));
}

/** Greedy packing can leave a few words alone at the end: move units back into the tail. */
function rebalanceTail(text: string, pieces: Span[][], maxTokens: number, minWords: number): void {
  const tail = pieces.at(-1);
  const prev = pieces.at(-2);
  if (!tail || !prev) return;
  while (prev.length > 1 && words(text.slice(firstOf(tail).start, lastOf(tail).end)) < minWords) {
    const moved = lastOf(prev);
    if (countTokens(text.slice(moved.start, lastOf(tail).end)) > maxTokens) break;
    tail.unshift(moved);
    prev.pop();
  }
}

/** A single sentence over the limit (rare: a run-on list) falls back to its words as units. */
function splitOversizedSentence(text: string, s: Span, maxTokens: number): Span[] {
  if (countTokens(text.slice(s.start, s.end)) <= maxTokens) return [s];
  return [...text.slice(s.start, s.end).matchAll(/\S+/g)].map((m) => ({ start: s.start + m.index, end: s.start + m.index + m[0].length }));
}

const firstOf = (units: Span[]): Span => units[0] as Span;
const lastOf = (units: Span[]): Span => units[units.length - 1] as Span;
const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

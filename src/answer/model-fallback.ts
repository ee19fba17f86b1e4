import type { Citation } from '../corpus/citation.js';
import type { DraftAnswer } from './answer-types.js';

/** The extractive answer, marked with why the model's was not used. */
export function degraded(extractive: DraftAnswer, reason: string): DraftAnswer {
  return { ...extractive, degraded: { reason } };
}

/**
 * The model failed after part of its answer had been streamed: what was sent stands (with the
 * citations it made), and the extractive answer follows it, its refs moved past the model's
 * passage numbers so no [n] means two things.
 */
export function completeFromLetters(partial: { text: string; citations: Citation[] }, refsUsed: number, extractive: DraftAnswer, reason: string): DraftAnswer {
  const shift = (n: number) => n + refsUsed;
  const rest = extractive.found ? extractive.answer.replace(/\[(\d{1,3})\]/g, (_, n: string) => `[${shift(Number(n))}]`) : '';
  return {
    answer: `${partial.text} \u2026${rest ? `\n\n${rest}` : ''}`,
    found: partial.citations.length > 0 || extractive.found,
    citations: [...partial.citations, ...(extractive.found ? extractive.citations.map((c) => ({ ...c, ref: shift(c.ref) })) : [])],
    mode: 'extractive',
    degraded: { reason: `${reason}; the answer was completed from the letters` },
  };
}

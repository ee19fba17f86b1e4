import type { Letter } from '../corpus/letter.js';
import type { ChunkRecord } from '../store/chunk-record.js';
import { sentenceSpans } from '../text/sentence-spans.js';

export interface Passage {
  paragraph: number;
  start: number;
  end: number;
  quote: string;
}

/**
 * The letter's overall judgement: the first sentence of the first body paragraph that is not the
 * standard "This letter summarises…" opening (in monitoring letters, the inspectors' headline).
 */
export function judgementLine(letter: Letter, chunks: readonly ChunkRecord[]): Passage | null {
  for (const c of chunks) {
    if (c.kind !== 'body') continue;
    const text = letter.text.slice(c.start, c.end);
    if (/^This letter summarises\b|^During (?:this|the course of this) visit\b|:\s*$/.test(text)) continue;
    const first = sentenceSpans(letter.text, c.start, c.end)[0];
    if (!first) continue;
    return { paragraph: c.n, start: first.start, end: first.end, quote: letter.text.slice(first.start, first.end) };
  }
  return null;
}

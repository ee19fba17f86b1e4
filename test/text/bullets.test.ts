import { describe, expect, it } from 'vitest';
import { BULLET_GLYPHS } from '../../src/text/bullets.js';
import { sentenceSpans } from '../../src/text/sentence-spans.js';

interface LetterRuns {
  BULLET_GLYPHS: string;
  paragraphRuns(text: string, from: number, to: number): { start: number; end: number; kind: string }[];
}

// The page's script is plain browser JavaScript with no types: imported by URL, so tsc does not need them.
const page: LetterRuns = await import(new URL('../../web/assets/js/letter-runs.js', import.meta.url).href);

describe('bullet glyphs', () => {
  it('are the same set on the letter page as on the server', () => {
    expect([...page.BULLET_GLYPHS].sort()).toEqual([...BULLET_GLYPHS].sort());
  });

  it.each([...BULLET_GLYPHS])('%s starts a list item on the page and a sentence on the server', (glyph) => {
    const text = `Intro:\n${glyph} an item`;
    const runs = page.paragraphRuns(text, 0, text.length);
    expect(runs.map((r) => r.kind)).toEqual(['text', 'item']);
    expect(runs.map((r) => text.slice(r.start, r.end).trim())).toEqual(['Intro:', 'an item']);
    expect(sentenceSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['Intro:', `${glyph} an item`]);
  });
});

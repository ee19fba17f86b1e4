import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';

/** Pieces a letter-ish text is built from: words, markup, line ends of every kind, odd characters. */
const piece = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'The',
      'inspectors',
      'found',
      'children',
      'Mr.',
      'e.g.',
      'visit.',
      'plan:',
      'Leaders',
      '30%',
      'Yours sincerely',
      'Dear Ms Smith',
      'I am copying this letter',
    ),
  },
  { weight: 4, arbitrary: fc.constantFrom(' ', ' ', '  ', '\t', '\n', '\n\n', '\r\n', '\r\n\r\n', '\r', '\r\r', '\u00a0', '\u2028', '\ufeff') },
  { weight: 2, arbitrary: fc.constantFrom('## Findings', '**Areas covered**', '- ', '\u2022 ', '1. ', '# ', '.', '!', '?', ':', '"', '\u201d', ')') },
  { weight: 2, arbitrary: fc.constantFrom('\u0000', '\u{1F600}', '\u{1D400}', '\u{20000}', 'e\u0301', '\u05d0\u05d1', '<|endoftext|>', '<script>', '[99]') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 500, maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('word', 'longer', '\u{1F4A9}x', 'and'), { minLength: 300, maxLength: 900 }).map((ws) => ws.join(' ')) },
);
const letterText = fc.array(piece, { maxLength: 120 }).map((ps) => ps.join(''));
const options = fc.record({ maxTokens: fc.integer({ min: 50, max: 400 }), minWords: fc.integer({ min: 0, max: 12 }) });

const isSpace = (c: string) => /\s/.test(c);
const isLoneSurrogateAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff;
};

describe('chunkLetter on arbitrary text', () => {
  it('gives in-bounds, ordered, non-overlapping, trimmed spans that cover every non-whitespace character outside headings', () => {
    fc.assert(
      fc.property(letterText, options, (text, opts) => {
        const { chunks, headings } = chunkLetter(text, opts);
        const covered = new Uint8Array(text.length);
        let prevEnd = 0;
        chunks.forEach((c, i) => {
          expect(c.n).toBe(i + 1);
          expect(c.start).toBeGreaterThanOrEqual(prevEnd);
          expect(c.end).toBeGreaterThan(c.start);
          expect(c.end).toBeLessThanOrEqual(text.length);
          prevEnd = c.end;
          const slice = text.slice(c.start, c.end);
          expect(slice.length).toBe(c.end - c.start);
          expect(isSpace(slice[0] as string) || isSpace(slice.at(-1) as string)).toBe(false);
          // Never cuts a surrogate pair: the slice survives a UTF-8 round trip.
          expect(isLoneSurrogateAt(text, c.start) || isLoneSurrogateAt(text, c.end)).toBe(false);
          expect(new TextDecoder().decode(new TextEncoder().encode(slice))).toBe(slice);
          covered.fill(1, c.start, c.end);
        });
        let prevHeading = 0;
        for (const h of headings) {
          expect(h.start).toBeGreaterThanOrEqual(prevHeading);
          expect(h.end).toBeLessThanOrEqual(text.length);
          prevHeading = h.end;
          covered.fill(1, h.start, h.end);
        }
        for (let i = 0; i < text.length; i++) {
          if (!covered[i] && !isSpace(text[i] as string)) {
            throw new Error(`character ${JSON.stringify(text[i])} at ${i} is in no chunk: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('treats CRLF, lone CR and LF alike: the same chunks, at the same places', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom('Inspectors found that leaders act.', '## Findings', '- an item', 'Dear Ms Smith'), fc.string({ maxLength: 40 })), { maxLength: 30 }),
        (lines) => {
          const clean = lines.map((l) => l.replace(/[\r\n\u2028\u2029\u0085]/g, ' '));
          const lf = chunkLetter(clean.join('\n\n'));
          for (const eol of ['\r\n\r\n', '\r\r']) {
            const other = chunkLetter(clean.join(eol));
            const text = clean.join(eol);
            expect(other.chunks.map((c) => text.slice(c.start, c.end).replace(/\r\n?/g, '\n'))).toEqual(lf.chunks.map((c) => clean.join('\n\n').slice(c.start, c.end)));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

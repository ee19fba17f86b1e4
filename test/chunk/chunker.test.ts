import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';
import { countTextTokens as countTokens } from '../../src/text/count-tokens.js';
import { sentenceSpans } from '../../src/text/sentence-spans.js';
import { chunkInvariantViolations } from '../support/chunk-invariants.js';
import { generateLetter } from '../support/letter-generator.js';
import { REPO_CORPUS, SEED_2018, SEED_2019 } from '../support/temp-corpus.js';

const seed = (file: string) => readFileSync(path.join(REPO_CORPUS, file), 'utf8');
const texts = (text: string, result = chunkLetter(text)) => result.chunks.map((c) => text.slice(c.start, c.end));
const chunkWith = (text: string, needle: string) => {
  const result = chunkLetter(text);
  const at = text.indexOf(needle);
  expect(at, `"${needle}" is in the letter`).toBeGreaterThanOrEqual(0);
  const chunk = result.chunks.find((c) => c.start <= at && at + needle.length <= c.end);
  expect(chunk, `"${needle}" lies inside one chunk`).toBeDefined();
  return { chunk: chunk as NonNullable<typeof chunk>, result };
};

describe('chunker on the seed letters', () => {
  it.each([SEED_2018, SEED_2019])('%s keeps every chunk invariant', (file) => {
    const text = seed(file);
    expect(chunkInvariantViolations(text, chunkLetter(text), DEFAULT_CHUNK_OPTIONS)).toEqual([]);
  });

  it.each([SEED_2018, SEED_2019])('%s gives 15–40 paragraphs under its four headings', (file) => {
    const text = seed(file);
    const { chunks, headings } = chunkLetter(text);
    expect(chunks.length).toBeGreaterThanOrEqual(15);
    expect(chunks.length).toBeLessThanOrEqual(40);
    expect(headings.map((h) => h.text.replace('\u2019', "'"))).toEqual([
      expect.stringMatching(/^Monitoring visit to Croydon .*children's services$/),
      'Areas covered by the visit',
      'Overview',
      'Findings and evaluation of progress',
    ]);
    // Headings are not chunks: no chunk is only a heading, and each heading labels what follows.
    expect(chunks.map((c) => c.section)).toContain('Overview');
    expect(chunks.filter((c) => c.kind === 'body').every((c) => c.section !== null)).toBe(true);
  });

  it('keeps each list with the sentence that introduces it', () => {
    const pdf = seed(SEED_2018);
    const { chunk } = chunkWith(pdf, 'experiences for children when risks increase or are not reducing, including:');
    const list = pdf.slice(chunk.start, chunk.end);
    // The PDF extraction lost the bullet glyphs: the three items are bare lines after blank ones.
    expect(list).toContain('\n child in need cases moving to child protection');
    expect(list).toContain('\n child protection cases reaching the threshold');
    expect(list).toContain('\n PLO cases where proceedings were issued');
    expect(list.endsWith('the visit.')).toBe(true);
  });

  it('makes each marked list item its own chunk, labelled with the sentence that introduces the list', () => {
    const md = seed(SEED_2019);
    const intro = chunkWith(md, 'inspectors reviewed the progress made in the areas of:').chunk;
    expect(md.slice(intro.start, intro.end)).not.toMatch(/^- /m);
    const items = chunkLetter(md).chunks.filter((c) => md.slice(c.start, c.end).startsWith('- Services'));
    expect(items).toHaveLength(2);
    for (const c of items) expect(c.section).toMatch(/inspectors reviewed the progress made in the areas of:$/);
  });

  it.each([
    [SEED_2018, ['2 August 2018', '8 Mint Walk', 'Dear Ms Ioannides'], 'Anne Waterman  \nHer Majesty\u2019s Inspector'],
    [SEED_2019, ['Piccadilly Gate', '8 Mint Walk', 'Dear Mr Henderson'], "Louise Hocking Her Majesty's Inspector"],
  ])('%s marks letterhead and address "front" and the sign-off "closing"', (file, frontNeedles, signature) => {
    const text = seed(file);
    for (const needle of frontNeedles) expect(chunkWith(text, needle).chunk.kind).toBe('front');
    const { chunk: signoff, result } = chunkWith(text, 'Yours sincerely');
    expect(signoff.kind).toBe('closing');
    expect(text.slice(signoff.start, signoff.end).endsWith(signature)).toBe(true);
    expect(result.chunks.at(-1)).toEqual(signoff);
    expect(chunkWith(text, 'This letter summarises the findings').chunk.kind).toBe('body');
  });
});

describe('chunker on generated letters', () => {
  const letters = Array.from({ length: 80 }, (_, i) => generateLetter(i + 1));

  it('the generator really produces the awkward cases', () => {
    const all = letters.map((l) => l.text);
    const some = (re: RegExp) => all.filter((t) => re.test(t)).length;
    expect(some(/\uf0b7/)).toBeGreaterThan(5);
    expect(some(/\r\n/)).toBeGreaterThan(5);
    expect(some(/\r(?!\n)/)).toBeGreaterThan(5);
    expect(some(/\w-(?:\r\n|\r|\n)\w/)).toBeGreaterThan(5); // long-\nterm
    expect(some(/ (?:\r\n|\r|\n)/)).toBeGreaterThan(5); // trailing spaces
    expect(some(/(?:\n|\r)[ \t]+(?:\r\n|\r|\n)/)).toBeGreaterThan(5); // whitespace-only lines
    expect(some(/[\u2018\u2019\u201c\u201d]/)).toBeGreaterThan(5);
    expect(some(/^## /m)).toBeGreaterThan(5);
    expect(some(/(?:^|\n|\r)(?:Good|See above)\.(?:\r|\n)/)).toBeGreaterThan(5); // tiny fragments
    expect(letters.filter((l) => chunkLetter(l.text).chunks.some((c) => c.tokens > 300)).length).toBeGreaterThan(5);
  });

  it('keeps every invariant with the default options', () => {
    const failures = letters.flatMap((l, i) => chunkInvariantViolations(l.text, chunkLetter(l.text), DEFAULT_CHUNK_OPTIONS).map((v) => `seed ${i + 1}: ${v}`));
    expect(failures).toEqual([]);
  });

  it('keeps every invariant with a tight token limit and a high fragment threshold', () => {
    const opts = { maxTokens: 60, minWords: 15 };
    const failures = letters.slice(0, 40).flatMap((l, i) => chunkInvariantViolations(l.text, chunkLetter(l.text, opts), opts).map((v) => `seed ${i + 1}: ${v}`));
    expect(failures).toEqual([]);
  });

  it('chunks the same letter identically whatever its line ends', () => {
    const noSplit = { maxTokens: 100_000 }; // token counts of \r and \n differ; structure must not
    for (let s = 1; s <= 40; s++) {
      const lf = generateLetter(s, { lineEnd: '\n' }).text;
      const expected = texts(lf, chunkLetter(lf, noSplit));
      for (const lineEnd of ['\r\n', '\r']) {
        const other = lf.replace(/\n/g, lineEnd);
        const got = texts(other, chunkLetter(other, noSplit)).map((t) => t.split(lineEnd).join('\n'));
        expect(got, `seed ${s} with ${JSON.stringify(lineEnd)}`).toEqual(expected);
      }
    }
  });

  it('splits sentences the same way with lone CR line ends (bullets and blank lines)', () => {
    for (let s = 1; s <= 40; s++) {
      const lf = generateLetter(s, { lineEnd: '\n', style: 'pdf' }).text;
      const expected = sentenceSpans(lf).map((x) => lf.slice(x.start, x.end));
      const cr = lf.replace(/\n/g, '\r');
      expect(
        sentenceSpans(cr).map((x) => cr.slice(x.start, x.end).replace(/\r/g, '\n')),
        `seed ${s}`,
      ).toEqual(expected);
    }
  });
});

describe('chunk sizes', () => {
  const long = generateLetter(7, { style: 'pdf', lineEnd: '\r\n', longParagraphSentences: 80 }).text;

  it('splits a very long paragraph at sentence boundaries under the token limit', () => {
    for (const maxTokens of [350, 120]) {
      const { chunks } = chunkLetter(long, { maxTokens });
      const tail = chunks.filter((c) => c.kind === 'body').slice(-4);
      expect(chunks.length).toBeGreaterThan(4);
      for (const c of tail) {
        const t = long.slice(c.start, c.end);
        expect(countTokens(t)).toBeLessThanOrEqual(maxTokens);
        expect(t).toMatch(/\.$/);
        expect(t).toMatch(/^[A-Z]/);
      }
    }
  });

  it('leaves a single word longer than the limit whole and keeps the rest under it', () => {
    const word = `https://example.org/${'a1b2'.repeat(900)}`;
    const text = `## Overview\n\nLeaders have improved the quality of plans for children. See ${word} for the full report on practice.\n`;
    const { chunks } = chunkLetter(text, { maxTokens: 100 });
    const over = chunks.filter((c) => c.tokens > 100);
    expect(over.map((c) => text.slice(c.start, c.end))).toEqual([word]);
    expect(chunkInvariantViolations(text, chunkLetter(text, { maxTokens: 100 }), { ...DEFAULT_CHUNK_OPTIONS, maxTokens: 100 })).toEqual([]);
  });

  it('merges tiny fragments with a neighbour but never across a heading', () => {
    const para = (n: number) => `Paragraph ${n} says that leaders have improved the quality of plans for children in care.`;
    const text = ['## Overview', para(1), 'Good.', para(2), 'See above.', '## Next steps', 'This is positive.', para(3)].join('\n \n');
    const { chunks, headings } = chunkLetter(text);
    expect(texts(text)).toEqual([para(1), `Good.\n \n${para(2)}\n \nSee above.`, `This is positive.\n \n${para(3)}`]);
    expect(chunks.map((c) => c.section)).toEqual(['Overview', 'Overview', 'Next steps']);
    expect(headings.map((h) => text.slice(h.start, h.end))).toEqual(['## Overview', '## Next steps']);
  });

  it('joins PDF lines, curly quotes and long-\\nterm splits into one paragraph', () => {
    const text =
      'Overview \n \nThe \u2018step up\u2019 process for long-\nterm cases is \u201cnot robust\u201d.  \nMore work is needed on plans for children.  \n\t\nLeaders agree with this finding and have a plan.\n';
    expect(texts(text)).toEqual([
      'The \u2018step up\u2019 process for long-\nterm cases is \u201cnot robust\u201d.  \nMore work is needed on plans for children.',
      'Leaders agree with this finding and have a plan.',
    ]);
  });
});

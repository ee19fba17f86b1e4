import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ChunkedLetter, DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';
import { pdfToText } from '../../src/ingest/pdf/pdf-to-text.js';
import { BULLET_CLASS } from '../../src/text/bullets.js';
import { chunkInvariantViolations } from '../support/chunk-invariants.js';
import { realLettersDir } from '../support/real-letters.js';

/**
 * Every real Ofsted PDF of ../shared/real-letters, extracted and chunked, checked for the rules
 * that hold on any document: offsets, sizes, one chunk per bullet and numbered paragraph, the
 * letterhead front and the back page closing. An int test only for its cost: reading 125 PDFs
 * takes 10-15 s, more than the whole unit tier.
 */
const dir = realLettersDir();

interface Entry {
  file: string;
  kind: string;
}

interface Chunked {
  file: string;
  kind: string;
  text: string;
  result: ChunkedLetter;
}

const BULLET_LINE = new RegExp(`(?:^|\\n)(${BULLET_CLASS}\\s)`, 'gu');
const NUMBERED_PARAGRAPH = /(?:^|\n\n)(\d{1,2}\.\s\p{Lu})/gu;

describe.skipIf(!dir)('chunks of the real Ofsted letters', () => {
  const letters: Chunked[] = [];
  beforeAll(async () => {
    const manifest = JSON.parse(readFileSync(path.join(dir as string, 'manifest.json'), 'utf8')) as Entry[];
    for (const { file, kind } of manifest) {
      const out = await pdfToText(new Uint8Array(readFileSync(path.join(dir as string, file))));
      if (!out.ok) throw new Error(`${file}: ${out.reason}`);
      letters.push({ file, kind, text: out.text, result: chunkLetter(out.text) });
    }
  }, 120_000);

  const failures = (check: (l: Chunked) => string[]) => letters.flatMap((l) => check(l).map((m) => `${l.file}: ${m}`));
  const startsOf = (l: Chunked) => new Set(l.result.chunks.map((c) => c.start));

  it('reads all 125, both kinds', () => {
    expect(letters).toHaveLength(125);
    expect(new Set(letters.map((l) => l.kind))).toEqual(new Set(['focused visit', 'inspection']));
  });

  it('keeps every chunk invariant (exact offsets, cover, sizes, sections, front-body-closing order)', () => {
    expect(failures((l) => chunkInvariantViolations(l.text, l.result, DEFAULT_CHUNK_OPTIONS))).toEqual([]);
  });

  it('starts a chunk at every bullet and every numbered paragraph', () => {
    expect(
      failures((l) => {
        const starts = startsOf(l);
        const marks = [...l.text.matchAll(BULLET_LINE), ...l.text.matchAll(NUMBERED_PARAGRAPH)];
        return marks.filter((m) => !starts.has(m.index + m[0].length - (m[1] as string).length)).map((m) => `no chunk starts at ${JSON.stringify(m[0].trim())}`);
      }),
    ).toEqual([]);
  });

  it('gives each bullet a section: the heading or the sentence that introduces its list', () => {
    expect(
      failures((l) =>
        l.result.chunks
          .filter((c) => new RegExp(`^${BULLET_CLASS}\\s`, 'u').test(l.text.slice(c.start, c.end)) && c.kind === 'body' && c.section === null)
          .map((c) => `bullet chunk ${c.n} has no section`),
      ),
    ).toEqual([]);
  });

  it('marks the letterhead front and the sign-off closing in every focused-visit letter', () => {
    expect(
      failures((l) => {
        if (l.kind !== 'focused visit') return [];
        const kindAt = (re: RegExp) => {
          const at = l.text.search(re);
          return at < 0 ? 'missing' : l.result.chunks.find((c) => c.start <= at && at < c.end)?.kind;
        };
        const out: string[] = [];
        if (kindAt(/^Dear /m) !== 'front') out.push(`salutation is ${kindAt(/^Dear /m)}`);
        // Some letters print no sign-off (the signature is an image).
        if (/^Yours sincerely/m.test(l.text) && kindAt(/^Yours sincerely/m) !== 'closing') out.push(`sign-off is ${kindAt(/^Yours sincerely/m)}`);
        return out;
      }),
    ).toEqual([]);
  });

  it('marks the back page of every inspection report closing, and nothing after it body', () => {
    expect(
      failures((l) => {
        if (l.kind !== 'inspection') return [];
        const { chunks } = l.result;
        const first = chunks.findIndex((c) => c.kind === 'closing');
        if (first < 0) return ['no closing chunk'];
        const licence = chunks.find((c) => /Crown copyright/.test(l.text.slice(c.start, c.end)));
        const out = chunks
          .slice(first)
          .filter((c) => c.kind !== 'closing')
          .map((c) => `chunk ${c.n} after the back page is ${c.kind}`);
        if (licence?.kind !== 'closing') out.push(`the licence text is ${licence?.kind ?? 'missing'}`);
        return out;
      }),
    ).toEqual([]);
  });

  it('reads each judgement-table row of an ILACS report as one paragraph, area then grade', () => {
    const grade = '(?:Outstanding|Good|Requires improvement to be good|Inadequate)';
    expect(
      failures((l) => {
        if (l.kind !== 'inspection' || !/^Judgement\s+Grade$/m.test(l.text) || !/^Overall effectiveness\b/m.test(l.text)) return [];
        const rows = l.result.chunks.map((c) => l.text.slice(c.start, c.end)).filter((t) => new RegExp(`^[A-Z][^.\\n]+ ${grade}$`).test(t));
        return rows.some((t) => new RegExp(`^Overall effectiveness ${grade}$`).test(t)) && rows.length >= 3 ? [] : [`rows: ${JSON.stringify(rows)}`];
      }),
    ).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/chunk/chunk.js';
import { chunkLetter } from '../../src/chunk/chunk-letter.js';
import { chunkInvariantViolations } from '../support/chunk-invariants.js';

/** Excerpts of real Ofsted documents (test/fixtures/real-excerpts, OGL v3.0), as ingest extracts them. */
const excerpt = (file: string) => readFileSync(new URL(`../fixtures/real-excerpts/${file}`, import.meta.url), 'utf8');

function chunkAt(text: string, needle: string) {
  const result = chunkLetter(text);
  const at = text.indexOf(needle);
  expect(at, `"${needle}" is in the excerpt`).toBeGreaterThanOrEqual(0);
  const chunk = result.chunks.find((c) => c.start <= at && at + needle.length <= c.end);
  expect(chunk, `"${needle}" lies inside one chunk`).toBeDefined();
  const c = chunk as NonNullable<typeof chunk>;
  return { ...c, text: text.slice(c.start, c.end) };
}

describe.each(['bolton-inspection-2018-06-12.txt', 'barnsley-focused-visit-2023-03-01.txt', 'barnsley-inspection-2014-08-08.txt'])('real excerpt %s', (file) => {
  it('keeps every chunk invariant', () => {
    const text = excerpt(file);
    expect(chunkInvariantViolations(text, chunkLetter(text), DEFAULT_CHUNK_OPTIONS)).toEqual([]);
  });
});

describe('chunks of real layouts', () => {
  const bolton = excerpt('bolton-inspection-2018-06-12.txt');
  const visit = excerpt('barnsley-focused-visit-2023-03-01.txt');
  const single = excerpt('barnsley-inspection-2014-08-08.txt');

  it('makes each judgement-table row one chunk, area then grade', () => {
    for (const row of [
      'The impact of leaders on social work practice with children and families Good',
      'The experiences and progress of children in care and care leavers Good',
      'Overall effectiveness Good',
    ]) {
      const c = chunkAt(bolton, row);
      expect(c.text).toBe(row);
      expect(c.kind).toBe('body');
    }
    expect(chunkAt(single, '1. Children who need help and protection Requires improvement').text).toBe('1. Children who need help and protection Requires improvement');
    expect(chunkAt(single, '2.2 Experiences and progress of care leavers Good').text).toBe('2.2 Experiences and progress of care leavers Good');
  });

  it('makes each bullet its own chunk under its heading', () => {
    const bullets = chunkLetter(bolton).chunks.filter((c) => bolton.slice(c.start, c.end).startsWith('\uf06e'));
    expect(bullets).toHaveLength(5);
    for (const c of bullets) expect(c.section).toBe('What needs to improve');
    const squares = chunkLetter(visit).chunks.filter((c) => visit.slice(c.start, c.end).startsWith('\u25fc'));
    expect(squares).toHaveLength(5);
    for (const c of squares) expect(c.section).toBe('What needs to improve in this area of social work practice?');
  });

  it('makes each numbered paragraph its own chunk, under the sentence that introduces the list', () => {
    const first = chunkAt(single, '1. Although the officers');
    const second = chunkAt(single, '2. Not all professionals');
    expect(first.n).not.toBe(second.n);
    expect(first.section).toBe('Children’s Services in Barnsley require improvement because:');
  });

  it('takes headings from their shape: a short line before a paragraph, or a line that interrupts the numbering', () => {
    const { headings } = chunkLetter(visit);
    expect(headings.map((h) => h.text)).toEqual(
      expect.arrayContaining([
        'Focused visit to Barnsley children’s services',
        'Headline findings',
        'What needs to improve in this area of social work practice?',
        'Main findings',
      ]),
    );
    expect(chunkAt(bolton, '1. Children who need help and protection are supported').section).toBe('The experiences and progress of children who need help and protection is good');
    expect(chunkAt(bolton, '14. Most children who become looked after').section).toBe('The experiences and progress of children in care and care leavers is good.');
    expect(chunkAt(bolton, '13. There have been missed').section).toBe('The experiences and progress of children who need help and protection is good');
  });

  it('marks a two-column letterhead front and the sign-off closing', () => {
    for (const needle of ['Piccadilly Gate', 'enquiries@ofsted.gov.uk', 'Carly Speechley', 'Dear Carly']) expect(chunkAt(visit, needle).kind).toBe('front');
    expect(chunkAt(visit, 'This letter summarises the findings').kind).toBe('body');
    expect(chunkAt(visit, 'Yours sincerely').kind).toBe('closing');
  });

  it("marks Ofsted's back page closing: what Ofsted is, formats, licence, address, copyright", () => {
    for (const needle of [
      'regulates and inspects to achieve excellence',
      'in a different format',
      'Open Government Licence. To view',
      'Piccadilly Gate',
      '© Crown copyright 2018',
    ]) {
      expect(chunkAt(bolton, needle).kind, needle).toBe('closing');
    }
    expect(chunkAt(bolton, '14. Most children').kind).toBe('body');
  });
});

import { describe, expect, it } from 'vitest';
import { readLetterHints } from '../../src/retrieve/letter-hints.js';
import { readIntent } from '../../src/retrieve/query-intent.js';
import { sentenceSpans } from '../../src/text/sentence-spans.js';
import { findNormalized, normalizeWithMap } from '../../src/verify/normalized-text.js';
import { L2018, L2019, seedApp } from '../support/seed-app.js';

describe('sentenceSpans', () => {
  it('splits at sentence ends but not at abbreviations, decimals or mid-line', () => {
    const text = 'Mr. Smith met Dr Jones at 3.5 p.m. today. The rate is 40%. Next steps: review\nplans. Done!';
    const spans = sentenceSpans(text).map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual(['Mr. Smith met Dr Jones at 3.5 p.m. today.', 'The rate is 40%.', 'Next steps: review\nplans.', 'Done!']);
  });

  it('starts a new sentence at a bullet line and at a blank line, trimming whitespace', () => {
    const text = '  Including:\n\uf0b7 child in need\n\uf0b7 child protection \n\nAfter the list.  ';
    const spans = sentenceSpans(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Including:', '\uf0b7 child in need', '\uf0b7 child protection', 'After the list.']);
  });
});

describe('normalized search', () => {
  it('maps a match back to exact raw offsets across line breaks and curly quotes', () => {
    const raw = 'The local authority’s  practice\n model is “good”.';
    const hits = findNormalized(normalizeWithMap(raw), 'authority\'s practice model is "good"');
    expect(hits).toHaveLength(1);
    expect(raw.slice(hits[0]?.start, hits[0]?.end)).toBe('authority’s  practice\n model is “good”');
  });
});

describe('question reading', () => {
  it('reads which letter a question names from years, months and visit ordinals', async () => {
    const { library } = await seedApp();
    const ids = (q: string) => [...(readLetterHints(q, library.letters).letterIds ?? [])];
    expect(ids('What did the 2018 letter say?')).toEqual([L2018]);
    expect(ids('the seventh monitoring visit')).toEqual([L2019]);
    expect(ids('in December 2019')).toEqual([L2019]);
    expect(ids('in March 2019')).toEqual([]);
    expect(ids('between 2018 and 2019')).toEqual([]);
    expect([...readLetterHints('between 2018 and 2019', library.letters).selectorWords].sort()).toEqual(['2018', '2019']);
  });

  it('recognises comparisons and what kind of answer is wanted', () => {
    expect(readIntent('How has supervision changed since 2018?').comparesVisits).toBe(true);
    expect(readIntent('Is it getting better?').comparesVisits).toBe(true);
    expect(readIntent('What is supervision like?').comparesVisits).toBe(false);
    expect(readIntent('Who signed the letter?')).toMatchObject({ wantsPerson: true, wantsFrontMatter: true });
    expect(readIntent('How many cases were audited?').wantsNumber).toBe(true);
    expect(readIntent('What did inspectors say about caseloads?').wantsFrontMatter).toBe(false);
    // "Written" asks for the letterhead only about the letter itself, not about plans or records.
    expect(readIntent('When was the letter written?').wantsFrontMatter).toBe(true);
    expect(readIntent('Who wrote the 2019 letter?').wantsFrontMatter).toBe(true);
    expect(readIntent('Are pathway plans written in plain English?').wantsFrontMatter).toBe(false);
  });
});

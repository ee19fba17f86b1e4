import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import { directionLine, tone } from '../../src/answer/compare-direction.js';
import type { Letter } from '../../src/corpus/letter.js';
import type { TimelineEntry } from '../../src/timeline/timeline-entry.js';
import { L2018, L2019, postJson, seedApp } from '../support/seed-app.js';

function letter(date: string, ordinal: string, headline: string, paragraphs: string[]): string {
  return [
    date,
    '',
    'Jane Smith\nDirector of Children’s Services\nLondon Borough of Exampleton\nHigh Street\nExampleton',
    '',
    'Dear Ms Smith',
    '',
    'Monitoring visit to Exampleton children’s services',
    '',
    `This letter summarises the findings of the monitoring visit to Exampleton children’s services. The visit was the ${ordinal} monitoring visit since the local authority was judged inadequate.`,
    '',
    headline,
    '',
    'Findings and evaluation of progress',
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    'Yours sincerely',
    '',
    'Sam Jones',
    'Her Majesty’s Inspector',
  ].join('\n');
}

async function exampletonSeries(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'series-'));
  const filler = 'Senior managers have refreshed the improvement plan and audit activity is regular and thorough across the service.';
  await writeFile(
    path.join(dir, 'exampleton-2020-03-01.txt'),
    letter('1 March 2020', 'first', 'Progress has been too slow and services remain weak.', [
      'Caseloads are too high in the assessment teams, and social workers told inspectors that their workloads are unmanageable.',
      filler,
    ]),
  );
  await writeFile(
    path.join(dir, 'exampleton-2021-03-01.txt'),
    letter('1 March 2021', 'second', 'Some progress has been made, although it is not yet consistent.', [
      'Adoption work is timely and children are matched with families quickly.',
      filler,
    ]),
  );
  await writeFile(
    path.join(dir, 'exampleton-2022-03-01.txt'),
    letter('1 March 2022', 'third', 'Services have improved considerably and practice is now strong.', [
      'Caseloads are now manageable, and the average caseload has fallen to 15 across the service.',
      filler,
    ]),
  );
  return dir;
}

describe('GET /api/timeline', () => {
  it('gives each letter in date order its headline and best passage, or null when silent on the topic', async () => {
    const { app } = await seedApp(await exampletonSeries());
    const res = await app.request('/api/timeline?authority=Exampleton&q=caseloads');
    expect(res.status).toBe(200);
    const { letters } = (await res.json()) as { letters: TimelineEntry[] };
    expect(letters.map((l) => [l.date, l.visitNumber])).toEqual([
      ['2020-03-01', 1],
      ['2021-03-01', 2],
      ['2022-03-01', 3],
    ]);
    expect(letters[0]?.passage?.quote).toMatch(/^Caseloads are too high/);
    expect(letters[1]?.passage).toBeNull();
    expect(letters[2]?.passage?.quote).toMatch(/^Caseloads are now manageable/);
    expect(letters.map((l) => l.judgement?.quote)).toEqual([
      'Progress has been too slow and services remain weak.',
      'Some progress has been made, although it is not yet consistent.',
      'Services have improved considerably and practice is now strong.',
    ]);
  });

  it('works on the seeds: 2018 then 2019, with exact offsets', async () => {
    const { app, library } = await seedApp();
    const { letters } = (await (await app.request('/api/timeline?authority=croydon&q=supervision')).json()) as { letters: TimelineEntry[] };
    expect(letters.map((l) => l.letterId)).toEqual([L2018, L2019]);
    for (const l of letters) {
      const text = (library.letter(l.letterId) as Letter).text;
      expect(l.passage && text.slice(l.passage.start, l.passage.end)).toBe(l.passage?.quote);
      expect(l.judgement && text.slice(l.judgement.start, l.judgement.end)).toBe(l.judgement?.quote);
    }
    expect(letters[0]?.judgement?.quote).toMatch(/pace of change .* has been too slow/s);
  });

  it('needs q', async () => {
    const { app } = await seedApp();
    const res = await app.request('/api/timeline?authority=croydon');
    expect(res.status).toBe(400);
  });
});

describe('comparison answers', () => {
  it.each([
    ['supervision', 'How has supervision changed between 2018 and 2019?'],
    ['pace of change', 'Has the pace of improvement changed between the visits?'],
  ])('on %s: one quote per visit, oldest first, and a direction only the quotes support', async (_topic, question) => {
    const { app } = await seedApp();
    const a = (await (await postJson(app, '/api/answer', { question })).json()) as Answer;
    expect(a.citations.map((c) => c.letterId)).toEqual([L2018, L2019]);
    expect(a.answer).toMatch(/Direction: improved \[1\] \[2\]$/);
    expect(a.claims?.every((c) => c.support === 'supported')).toBe(true);
  });

  it('gives no direction when the tones do not clearly differ', () => {
    expect(tone('Caseloads remain high and there are delays.')).toBeLessThan(0);
    expect(
      directionLine([
        { ref: 1, quote: 'Caseloads remain high and there are delays.' },
        { ref: 2, quote: 'There is drift and delay in planning.' },
      ]),
    ).toBeNull();
    expect(
      directionLine([
        { ref: 1, quote: 'Supervision is too variable.' },
        { ref: 2, quote: 'Significant progress has been made in supervision.' },
      ]),
    ).toBe('Direction: improved [1] [2]');
  });

  it('on the generated series, compares the visits that discuss the topic', async () => {
    const { app } = await seedApp(await exampletonSeries());
    const a = (await (await postJson(app, '/api/answer', { question: 'How have caseloads changed over time?' })).json()) as Answer;
    expect(a.found).toBe(true);
    expect(a.citations.map((c) => c.letterDate)).toEqual(['2020-03-01', '2022-03-01']);
  });
});

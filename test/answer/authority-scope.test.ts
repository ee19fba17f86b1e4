import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import { openSnapshotInMemory } from '../../src/serving/open-in-memory.js';
import { postJson } from '../support/seed-app.js';
import { appOver } from '../support/test-server.js';

// Two authorities' documents, laid out as Ofsted's are: an inspection report with its judgement
// table (cells wrapped as PDF text gives them) and a focused visit to a neighbour.
const ANYTOWN_REPORT = `Anytown Borough Council

Inspection of Anytown children’s services

Inspection dates: 2 to 13 October 2023

Lead inspector: Jo Smith, His Majesty’s Inspector

Judgement
Grade

The impact of leaders on social work Good
practice with children and families

The experiences and progress of
Requires improvement to be good children who need help and protection

The experiences and progress of
Outstanding
children in care

Overall effectiveness
Good

Leaders in Anytown have strengthened services since the last inspection, and most children now receive effective help.

1. Social workers visit children regularly and know them well. Caseloads are manageable for most social workers.
`;

const OTHERTOWN_VISIT = `3 November 2023

Ms Jane Doe
Director of Children’s Services
Othertown City Council

Dear Ms Doe

Focused visit to Othertown children’s services

This letter summarises the findings of a focused visit to Othertown children’s services on 10 and 11 October 2023. His Majesty’s Inspectors for this visit were Sam Brown and Ali Green.

Inspectors looked at the local authority’s arrangements for care leavers.

Headline findings

Caseloads are too high in the care leavers team, and personal advisers change too often. Leaders know this and have recruited more personal advisers.
`;

let app: Hono;
beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'letters-scope-'));
  await writeFile(path.join(dir, 'document-1.txt'), ANYTOWN_REPORT);
  await writeFile(path.join(dir, 'document-2.txt'), OTHERTOWN_VISIT);
  app = await appOver(await openSnapshotInMemory(dir));
});

const ask = async (question: string) => (await (await postJson(app, '/api/answer', { question })).json()) as Answer;

describe('questions that name an authority', () => {
  it('read each document’s kind, place and grades', async () => {
    const { letters } = (await (await app.request('/api/letters')).json()) as { letters: { id: string; kind: string; place: string }[] };
    expect(letters.map((l) => [l.id, l.kind, l.place])).toEqual([
      ['document-1', 'inspection', 'Anytown'],
      ['document-2', 'focused visit', 'Othertown'],
    ]);
    const report = (await (await app.request('/api/letters/document-1')).json()) as { judgements: unknown; date: string; inspectors: string[] };
    expect(report).toMatchObject({ date: '2023-10-13', inspectors: ['Jo Smith'] });
    expect(report.judgements).toEqual([
      { area: 'The impact of leaders on social work practice with children and families', grade: 'Good' },
      { area: 'The experiences and progress of children who need help and protection', grade: 'Requires improvement to be good' },
      { area: 'The experiences and progress of children in care', grade: 'Outstanding' },
      { area: 'Overall effectiveness', grade: 'Good' },
    ]);
  });

  it('are answered from that authority’s letters only', async () => {
    for (const [question, id] of [
      ['How high are caseloads in Othertown?', 'document-2'],
      ['How high are caseloads in Anytown?', 'document-1'],
    ] as const) {
      const answer = await ask(question);
      expect(answer.found, question).toBe(true);
      expect(new Set(answer.citations.map((c) => c.letterId)), question).toEqual(new Set([id]));
    }
  });

  it('asking for a grade quotes the judgement table', async () => {
    const answer = await ask('What was the overall effectiveness grade for Anytown?');
    expect(answer.found).toBe(true);
    expect(answer.citations[0]?.letterId).toBe('document-1');
    expect(answer.citations.map((c) => c.quote).join(' ')).toMatch(/Overall effectiveness\s+Good/);
    // No topic word at all: the table rows still answer it, not prose that happens to say "good".
    const bare = await ask('What grade did Anytown get?');
    expect(bare.found).toBe(true);
    expect(bare.citations.length).toBeGreaterThan(0);
    for (const c of bare.citations) {
      expect(c.letterId).toBe('document-1');
      expect(c.quote).toMatch(/\b(Good|Outstanding|Requires improvement to be good)\b/);
    }
  });
});

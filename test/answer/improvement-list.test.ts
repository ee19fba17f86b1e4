import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import { readIntent } from '../../src/retrieve/query-intent.js';
import { openSnapshotInMemory } from '../../src/serving/open-in-memory.js';
import { postJson } from '../support/seed-app.js';
import { appOver } from '../support/test-server.js';

// A focused visit about care leavers: every paragraph speaks of care leavers, and the letter lists
// what must improve under its own heading, in words that are not the question's.
const VISIT = `3 November 2023

Dear Ms Doe

Focused visit to Othertown children’s services

This letter summarises the findings of a focused visit to Othertown children’s services on 10 and 11 October 2023. His Majesty’s Inspectors for this visit were Sam Brown and Ali Green.

Inspectors looked at the local authority’s arrangements for care leavers.

Headline findings

Care leavers in Othertown have personal advisers who know them well. Care leavers are a priority for leaders, and services for care leavers have improved since the last inspection.

Most care leavers live in suitable homes, and care leavers value the help they get with money.

What needs to improve in this area of social work practice?

◼ The timeliness of pathway plans.

◼ Access to mental health support for young people aged 18 to 25.

Main findings

Care leavers who are parents are supported well, and care leavers in custody are visited regularly.
`;

let app: Hono;
beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'letters-improve-'));
  await writeFile(path.join(dir, 'othertown-2023-11-03.txt'), VISIT);
  app = await appOver(await openSnapshotInMemory(dir));
});

const ask = async (question: string) => (await (await postJson(app, '/api/answer', { question })).json()) as Answer;

describe('what needs to improve', () => {
  it('is read as a question about the letter’s own list', () => {
    for (const q of ['What needs to improve for care leavers in Othertown?', 'What does Othertown need to do better?', 'What are the areas for priority action?'])
      expect(readIntent(q).asksImprovements, q).toBe(true);
    expect(readIntent('How have services for care leavers improved?').asksImprovements).toBe(false);
    // "What did inspectors say" asks for the gist only when it names no topic.
    expect(readIntent('What did inspectors say?').wantsSummary).toBe(true);
    expect(readIntent('What did inspectors say about agency staff?').wantsSummary).toBe(false);
  });

  it('is answered from the items under the letter’s heading, not from sentences that share the question’s words', async () => {
    for (const question of [
      'What needs to improve for care leavers in Othertown?',
      'What does Othertown need to do better?',
      'What are the areas for priority action in Othertown?',
    ]) {
      const answer = await ask(question);
      expect(answer.found, question).toBe(true);
      expect(answer.citations.length, question).toBeGreaterThan(0);
      for (const c of answer.citations) expect(c.section, question).toBe('What needs to improve in this area of social work practice?');
      expect(answer.citations.map((c) => c.quote).join(' '), question).toMatch(/timeliness of pathway plans/);
      expect(answer.answer, question).not.toMatch(/don't use these words/);
    }
  });

  it('is still refused when the letter never speaks of the question’s topic', async () => {
    const answer = await ask('What needs to improve in lighthouse keeping in Othertown?');
    expect(answer.found).toBe(false);
  });
});

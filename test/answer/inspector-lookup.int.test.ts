import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer-types.js';
import { openSnapshotInMemory } from '../../src/serving/open-in-memory.js';
import type { Snapshot } from '../../src/serving/snapshot.js';
import { type FakeOpenAI, startFakeOpenAI } from '../fakes/fake-openai-server.js';
import { postJson } from '../support/seed-app.js';
import { appOver } from '../support/test-server.js';

// Three authorities' letters as Ofsted writes them: the team in the opening paragraph (one of them
// hard-wrapped, as PDF text is), the writer in the sign-off.
const letter = (date: string, place: string, visit: string, team: string, signer: string) => `${date}

Ms Jane Doe
Director of Children’s Services
${place} Council

Dear Ms Doe

Focused visit to ${place} children’s services

This letter summarises the findings of a focused visit to ${place} children’s services on ${visit}. ${team}

Inspectors looked at the local authority’s arrangements for care leavers.

Headline findings

Personal advisers in ${place} know their young people well, and most care leavers live in suitable homes.

Yours sincerely

${signer}
His Majesty’s Inspector
`;

const LETTERS: Record<string, string> = {
  'northby-2022-03-10.txt': letter(
    '10 March 2022',
    'Northby',
    '8 and 9 February 2022',
    'The inspectors were Kate Malleson and Neil\nPenswick, His Majesty’s Inspectors.',
    'Kate Malleson',
  ),
  'southby-2023-06-22.txt': letter(
    '22 June 2023',
    'Southby',
    '24 and 25 May 2023',
    'His Majesty’s Inspectors for this visit were Rodica Cobarzan and Neil Penswick.',
    'Rodica Cobarzan',
  ),
  'eastby-2021-11-05.txt': letter('5 November 2021', 'Eastby', '6 and 7 October 2021', 'The inspectors were Tom Anthony and Julie Knight, HMI.', 'Tom Anthony'),
  'eastby-2023-01-12.txt': letter('12 January 2023', 'Eastby', '7 and 8 December 2022', 'The inspectors were Julie Knight and Lisa Summers, HMI.', 'Julie Knight'),
};

let dir: string;
let snapshot: Snapshot;
let app: Hono;
let fake: FakeOpenAI;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'letters-shared-'));
  for (const [name, text] of Object.entries(LETTERS)) await writeFile(path.join(dir, name), text);
  snapshot = await openSnapshotInMemory(dir);
  app = await appOver(snapshot);
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake?.close();
});

const ask = async (question: string, on: Hono = app) => (await (await postJson(on, '/api/answer', { question })).json()) as Answer;

function expectVerbatim(answer: Answer) {
  for (const c of answer.citations) {
    const text = LETTERS[`${c.letterId}.txt`] as string;
    expect(text.slice(c.start, c.end)).toBe(c.quote);
  }
}

describe('questions about the letters’ inspectors', () => {
  it('names the inspector both letters name, quoting where each names them', async () => {
    const answer = await ask('Which inspector worked on both the Northby and the Southby focused visits?');
    expect(answer.found).toBe(true);
    expect(answer.answer.split('\n')[0]).toMatch(/^Neil Penswick was an inspector in both \[1\] \[2\]\.$/);
    expect(answer.citations.map((c) => c.letterId).sort()).toEqual(['northby-2022-03-10', 'southby-2023-06-22']);
    for (const c of answer.citations) expect(c.quote.replace(/\s+/g, ' ')).toContain('Neil Penswick');
    expectVerbatim(answer);
    const claims = answer.claims ?? [];
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.map((c) => c.support)).toEqual(claims.map(() => 'supported'));
  });

  it('says when they share nobody, and quotes whom each names', async () => {
    const answer = await ask('Did the same inspector visit Northby and Eastby?');
    expect(answer.found).toBe(true);
    expect(answer.answer).toMatch(/^No inspector is named in both/);
    expect(new Set(answer.citations.map((c) => c.letterId.split('-')[0]))).toEqual(new Set(['northby', 'eastby']));
    expectVerbatim(answer);
  });

  it('compares one authority’s letters when the question picks them by year', async () => {
    const answer = await ask('Which inspector took part in both the 2021 and the 2023 visits to Eastby?');
    expect(answer.answer.split('\n')[0]).toBe('Julie Knight was an inspector in both [1] [2].');
    expect(answer.citations.map((c) => c.letterId)).toEqual(['eastby-2021-11-05', 'eastby-2023-01-12']);
    expectVerbatim(answer);
  });

  it('answers who inspected a letter with the line that names its team, each person once', async () => {
    const answer = await ask('Who inspected Northby’s services for care leavers?');
    expect(answer.found).toBe(true);
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]?.quote).toBe('The inspectors were Kate Malleson and Neil\nPenswick, His Majesty’s Inspectors.');
    expect(answer.answer).toMatch(/^The focused visit letter of 10 March 2022 about Northby says: The inspectors were Kate Malleson and Neil Penswick/);
    expectVerbatim(answer);
    const dated = await ask('Which inspectors carried out the 2023 visit to Eastby?');
    expect(dated.citations.map((c) => c.letterId)).toEqual(['eastby-2023-01-12']);
    expect(dated.citations[0]?.quote).toMatch(/Julie Knight and Lisa Summers/);
  });

  it('does not take a question about who did the work for one about the inspectors', async () => {
    const answer = await ask('Who visited care leavers at home in Northby?');
    expect(answer.answer).not.toMatch(/The inspectors were/);
  });

  it('leaves other questions about two letters to the ordinary answerer', async () => {
    const answer = await ask('Who was the director of children’s services in both Northby and Southby?');
    expect(answer.answer).not.toMatch(/was an inspector in both|No inspector is named/);
  });

  it('answers exactly when a model writes the other answers: the model is not asked', async () => {
    const withModel = await appOver(snapshot, { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'test-key', CHAT_MODEL: 'fake-model', LLM_TIMEOUT_MS: '5000' });
    fake.requests.length = 0;
    const answer = await ask('Which inspector worked on both the Northby and the Southby focused visits?', withModel);
    expect(answer.answer.split('\n')[0]).toBe('Neil Penswick was an inspector in both [1] [2].');
    expect(fake.requests.filter((r) => r.path.includes('chat'))).toHaveLength(0);
    // The model still writes answers that are not lookups.
    await ask('How well do personal advisers in Northby know their young people?', withModel);
    expect(fake.requests.filter((r) => r.path.includes('chat')).length).toBeGreaterThan(0);
  });
});

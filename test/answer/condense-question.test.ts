import { describe, expect, it } from 'vitest';
import type { ChatTurn } from '../../src/answer/answer-types.js';
import { condenseQuestion, isFollowUp } from '../../src/answer/condense-question.js';

const places = new Set(['kent', 'bolton', 'croydon', 'tower', 'hamlets']);
const askedAfter = (...questions: string[]): ChatTurn[] =>
  questions.flatMap((q) => [
    { role: 'user' as const, content: q },
    { role: 'assistant' as const, content: 'An answer [1].' },
  ]);

describe('follow-up detection', () => {
  it.each([
    'Who are the inspectors?',
    'What grade did Kent get?',
    'How many children are on child protection plans?',
    'Is there a virtual school?',
    'What did inspectors find when they visited?',
    'Caseloads?',
  ])('a complete question stands alone: %s', (q) => {
    expect(isFollowUp(q, places)).toBe(false);
  });

  it.each(['And in 2018?', 'What about Kent?', 'Why?', 'Did they fix it?', 'Why is that?', 'In 2018?', 'How so?', 'What happened then?', 'But the first visit?'])(
    'a question that leans on the one before is a follow-up: %s',
    (q) => {
      expect(isFollowUp(q, places)).toBe(true);
    },
  );
});

describe('condensing a follow-up', () => {
  it('leaves a short complete question as asked', () => {
    expect(condenseQuestion('Who are the inspectors?', askedAfter('How many children are on child protection plans?'), places)).toEqual({
      query: 'Who are the inspectors?',
      rewritten: false,
    });
  });

  it('moves the year of the question before when the follow-up only changes it', () => {
    expect(condenseQuestion('And in 2018?', askedAfter('How did caseloads change in 2019?'), places).query).toBe('How did caseloads change in 2018?');
  });

  it('moves the authority when the follow-up names another', () => {
    expect(condenseQuestion('What about Kent?', askedAfter('What grade did Bolton get?'), places).query).toBe('What grade did Kent get?');
  });

  it('adds a scope to a question that had none', () => {
    expect(condenseQuestion('And in the 2018 letter?', askedAfter('What did inspectors say about supervision?'), places).query).toBe(
      'What did inspectors say about supervision in the 2018 letter?',
    );
  });

  it('reads a chain of follow-ups in order', () => {
    expect(condenseQuestion('And in 2017?', askedAfter('How did caseloads change in 2019?', 'And in 2018?'), places).query).toBe('How did caseloads change in 2017?');
  });

  it('searches a pronoun follow-up together with the question it leans on', () => {
    const { query, rewritten } = condenseQuestion('Did they fix it?', askedAfter('What did inspectors say about supervision?'), places);
    expect(rewritten).toBe(true);
    expect(query).toContain('supervision');
    expect(query).toContain('Did they fix it?');
  });

  it('has nothing to lean on without history', () => {
    expect(condenseQuestion('And in 2018?', undefined, places)).toEqual({ query: 'And in 2018?', rewritten: false });
  });
});

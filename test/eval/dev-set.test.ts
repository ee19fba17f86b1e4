import { describe, expect, it } from 'vitest';
import { checkGold, needsLettersOutside } from '../../src/eval/check-gold.js';
import { type DevQuestion, halfOf, loadDevSet, needsOtherLetters, QUESTION_KINDS } from '../../src/eval/dev-set.js';
import { openEvalSnapshot } from '../../src/eval/eval-snapshot.js';
import { EVAL_SUITE } from '../../src/eval/eval-suite.js';

const SEEDS = new Set(['croydon-2018-08-02', 'croydon-2019-12-18']);
const authorityOf = (letterId: string) => letterId.replace(/-(focused-visit-|inspection-)?\d{4}-\d\d-\d\d$/, '');

describe('question sets', () => {
  it('every set of the suite loads, the old ones (kind "topic") included', async () => {
    for (const set of EVAL_SUITE) expect((await loadDevSet(set.file)).length).toBeGreaterThan(10);
  });

  it('splits by the number an id ends in: odd ids to tune, even ids to measure', () => {
    expect(['001', '017', 'd-3'].map(halfOf)).toEqual(['tune', 'tune', 'tune']);
    expect(['002', '100', 'q10'].map(halfOf)).toEqual(['measure', 'measure', 'measure']);
    expect(() => halfOf('abc')).toThrow(/does not end in a number/);
  });

  it('a question needs other letters when its gold names a letter outside the loaded ones ("*" does not)', () => {
    const q = (letterId: string): DevQuestion => ({ id: '1', question: 'q', kind: 'fact', gold: [{ letterId, phrase: 'x' }] });
    expect(needsOtherLetters(q('croydon-2018-08-02'), SEEDS)).toBe(false);
    expect(needsOtherLetters(q('*'), SEEDS)).toBe(false);
    expect(needsOtherLetters(q('kent-focused-visit-2020-01-01'), SEEDS)).toBe(true);
  });
});

describe('dev-set-2.json', async () => {
  const set = await loadDevSet('test/eval/dev-set-2.json');
  const answerable = set.filter((q) => q.kind !== 'unanswerable');
  const count = (kind: string) => set.filter((q) => q.kind === kind).length;

  it('has the size and kinds issue 16 asks for', () => {
    expect(set.length).toBeGreaterThanOrEqual(220);
    expect(count('paraphrase')).toBeGreaterThanOrEqual(60);
    expect(count('unanswerable')).toBeGreaterThanOrEqual(55);
    for (const kind of ['fact', 'analyst', 'compare']) expect(count(kind)).toBeGreaterThanOrEqual(20);
    expect(count('topic')).toBe(0);
    const authorities = new Set(
      answerable
        .flatMap((q) => q.gold.map((g) => g.letterId))
        .filter((id) => id !== '*' && !SEEDS.has(id))
        .map(authorityOf),
    );
    expect(authorities.size).toBeGreaterThanOrEqual(30);
    expect(answerable.some((q) => q.gold.every((g) => SEEDS.has(g.letterId)))).toBe(true);
  });

  it('has unique numeric ids, and both halves hold every kind in near-equal numbers', () => {
    expect(new Set(set.map((q) => q.id)).size).toBe(set.length);
    for (const q of set) expect(q.id).toMatch(/^\d{3,}$/);
    for (const kind of QUESTION_KINDS.filter((k) => count(k) > 0)) {
      const tune = set.filter((q) => q.kind === kind && halfOf(q.id) === 'tune').length;
      expect(Math.abs(2 * tune - count(kind)), kind).toBeLessThanOrEqual(2);
    }
  });

  it('unanswerable questions have no gold, answerable ones do', () => {
    for (const q of set) expect(q.gold.length > 0, q.id).toBe(q.kind !== 'unanswerable');
  });

  it('gold on the seed letters is found in one paragraph of its letter', async () => {
    const { library } = await openEvalSnapshot(['corpus']);
    // Only "any letter" gold may decide a question is not for the seeds: gold naming a seed letter must hold there.
    const seedQuestions = set.filter((q) => !needsOtherLetters(q, SEEDS));
    const outside = new Set<string>();
    for (const q of seedQuestions) if (await needsLettersOutside(library, q)) outside.add(q.id);
    expect(seedQuestions.filter((q) => outside.has(q.id)).every((q) => q.gold.some((g) => g.letterId === '*'))).toBe(true);
    expect(seedQuestions.length).toBeGreaterThanOrEqual(40);
    expect(
      await checkGold(
        library,
        seedQuestions.filter((q) => !outside.has(q.id)),
      ),
    ).toEqual([]);
  });
});

describe('checkGold', async () => {
  const { library } = await openEvalSnapshot(['corpus']);
  const q = (phrase: string, letterId = 'croydon-2019-12-18'): DevQuestion => ({ id: '7', question: 'q', kind: 'fact', gold: [{ letterId, phrase }] });

  it('accepts a phrase up to whitespace, case and quote style', async () => {
    expect(await checkGold(library, [q('STAFF   recruitment continues to be a challenge')])).toEqual([]);
    expect(await checkGold(library, [q('‘closing  the loop’')])).toEqual([]);
  });

  it('refuses a phrase that is not in the letter, spans two paragraphs, or names an unknown letter', async () => {
    expect(await checkGold(library, [q('recruitment is easy in Croydon')])).toHaveLength(1);
    // The end of one paragraph and the start of the next: both in the letter, in no one paragraph.
    expect(await checkGold(library, [q('strengthen this practice further.')])).toEqual([]);
    expect((await checkGold(library, [q('strengthen this practice further. Staff recruitment')]))[0]?.problem).toMatch(/in no paragraph/);
    expect((await checkGold(library, [q('anything', 'kent-2020-01-01')]))[0]?.problem).toMatch(/no letter/);
  });

  it('a question on "any letter" that no loaded letter answers needs letters outside the library', async () => {
    expect(await needsLettersOutside(library, q('Staff recruitment continues', '*'))).toBe(false);
    expect(await needsLettersOutside(library, q('Pineapple Project', '*'))).toBe(true);
    expect(await needsLettersOutside(library, q('Pineapple Project', 'dorset-focused-visit-2023-06-22'))).toBe(true);
    expect(await needsLettersOutside(library, q('not in this letter', 'croydon-2019-12-18'))).toBe(false);
  });

  it('refuses a reused id and gold on an unanswerable question', async () => {
    const u: DevQuestion = { id: '7', question: 'q', kind: 'unanswerable', gold: [{ letterId: '*', phrase: 'Croydon' }] };
    const problems = (await checkGold(library, [q('Croydon'), u])).map((p) => p.problem);
    expect(problems).toEqual(['id used twice', 'an unanswerable question has gold']);
  });
});

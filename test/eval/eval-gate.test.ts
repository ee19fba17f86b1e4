import { describe, expect, it } from 'vitest';
import { loadDevSet } from '../../src/eval/dev-set.js';
import { runEval } from '../../src/eval/run-eval.js';
import { seedApp } from '../support/seed-app.js';

/**
 * Quality gate on the dev set (test/eval/dev-set.json). Floors sit just under what `npm run eval`
 * measures, so a change that makes answers worse fails CI instead of slipping through. The set is
 * frozen as a regression set (test/eval/README.md): its floors were lowered once, with issue 16,
 * when the lexicon entries fitted to its questions were removed.
 */
describe('offline answer quality on the dev set', () => {
  it('stays above its floors, with every citation valid', async () => {
    const { snapshot } = await seedApp();
    const report = await runEval(snapshot, await loadDevSet('test/eval/dev-set.json'));
    expect(report.questions).toBeGreaterThanOrEqual(40);
    expect(report.citationValidity).toBe(1);
    expect(report.recallAt5).toBeGreaterThanOrEqual(0.95);
    expect(report.recallAt1).toBeGreaterThanOrEqual(0.71);
    expect(report.mrr).toBeGreaterThanOrEqual(0.81);
    expect(report.answerHitRate).toBeGreaterThanOrEqual(0.84);
    expect(report.abstentionPrecision).toBeGreaterThanOrEqual(0.89);
    expect(report.abstentionRecall).toBeGreaterThanOrEqual(0.74);
  });
});

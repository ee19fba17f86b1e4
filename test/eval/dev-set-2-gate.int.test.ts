import { describe, expect, it } from 'vitest';
import { checkGold, needsLettersOutside } from '../../src/eval/check-gold.js';
import { type Half, halfOf, loadDevSet, type QuestionKind } from '../../src/eval/dev-set.js';
import { EVAL_SUITE, openSuiteCorpora, runSuiteSet } from '../../src/eval/eval-suite.js';
import type { EvalReport, KindFigures } from '../../src/eval/run-eval.js';
import { realLettersDir } from '../support/real-letters.js';

type Overall = Pick<EvalReport, 'answerHitRate' | 'recallAt1' | 'recallAt5' | 'mrr' | 'abstentionPrecision' | 'abstentionRecall'>;
interface Floors {
  overall: Overall;
  byKind: Partial<Record<QuestionKind, Partial<Pick<KindFigures, 'answerHitRate' | 'recallAt5' | 'refused'>>>>;
}

/**
 * THE FLOORS of test/eval/dev-set-2.json, one object per half (odd ids: tune, even ids: measure),
 * over the seeds and the 125 real documents together. Each sits just under (0.01 below, after
 * rounding down) what `npm run eval` measured after the offline semantics of issue 16 (2026-12-02,
 * 370 questions; the figures before it are in the closing note). Raise them when the answerer
 * improves; never lower them to let a change in. (Once, with issue 16, compare fell: tune hit 0.29 → 0.21,
 * R@5 0.57 → 0.29, on the which-inspector-was-on-both questions; the note says so. Those are now answered
 * from the letters' inspector lines, src/answer/inspector-lookup.ts: compare hit 0.64 / 0.54; raised again
 * 2026-12-02 after that lookup, the person-name test and answering "what needs to improve" from the
 * letters' own list.)
 * For unanswerable questions `refused` is the share refused (the kind's abstention recall).
 */
const FLOORS: Record<Half, Floors> = {
  tune: {
    overall: { answerHitRate: 0.7, recallAt1: 0.5, recallAt5: 0.78, mrr: 0.62, abstentionPrecision: 0.62, abstentionRecall: 0.8 },
    byKind: {
      fact: { answerHitRate: 0.87, recallAt5: 0.92 },
      paraphrase: { answerHitRate: 0.57, recallAt5: 0.75 },
      analyst: { answerHitRate: 0.7, recallAt5: 0.85 },
      compare: { answerHitRate: 0.63, recallAt5: 0.27 },
      unanswerable: { refused: 0.8 },
    },
  },
  measure: {
    overall: { answerHitRate: 0.62, recallAt1: 0.41, recallAt5: 0.77, mrr: 0.57, abstentionPrecision: 0.57, abstentionRecall: 0.77 },
    byKind: {
      fact: { answerHitRate: 0.96, recallAt5: 0.99 },
      paraphrase: { answerHitRate: 0.4, recallAt5: 0.73 },
      analyst: { answerHitRate: 0.63, recallAt5: 0.66 },
      compare: { answerHitRate: 0.53, recallAt5: 0.6 },
      unanswerable: { refused: 0.77 },
    },
  },
};

const SET = EVAL_SUITE.find((s) => s.file === 'test/eval/dev-set-2.json');
if (!SET) throw new Error('dev-set-2.json is not in EVAL_SUITE');
// Skips (with a warning) where ../shared/real-letters is absent; under CI=true its absence is an error.
const realDir = realLettersDir();

describe('offline answer quality on dev-set-2 (seeds + real letters)', async () => {
  const questions = await loadDevSet(SET.file);

  describe.skipIf(!realDir)('over the seeds and the 125 real documents', () => {
    // One corpus and one run for the three tests: converting (first run only) and indexing 127 documents is the slow part.
    let corpora: ReturnType<typeof openSuiteCorpora> | undefined;
    let result: ReturnType<typeof runSuiteSet> | undefined;
    const open = () => (corpora ??= openSuiteCorpora(realDir));
    const run = () => (result ??= open().then((c) => runSuiteSet(SET, c)));

    it('every gold phrase is in one paragraph of the letter it names', async () => {
      const corpora = await open();
      expect(corpora.all?.library.letters.length).toBe(127);
      expect(await checkGold(corpora.all?.library ?? corpora.seeds.library, questions)).toEqual([]);
    }, 300_000);

    it.each(['tune', 'measure'] as const)(
      'the %s half stays above its floors, with every citation valid',
      async (half) => {
        const { halves, skipped } = await run();
        expect(skipped).toBe(0);
        const report = halves?.[half];
        if (!report) throw new Error('no halves in the report');
        expect(report.questions).toBe(questions.filter((q) => halfOf(q.id) === half).length);
        expect(report.citationValidity).toBe(1);
        const floors = FLOORS[half];
        for (const [name, floor] of Object.entries(floors.overall)) expect(report[name as keyof Overall], `${half} ${name}`).toBeGreaterThanOrEqual(floor);
        for (const [kind, kindFloors] of Object.entries(floors.byKind)) {
          const figures = report.byKind[kind as QuestionKind];
          if (!figures) throw new Error(`no ${kind} questions in the ${half} half`);
          expect(figures.citationValidity, `${half} ${kind} citation validity`).toBe(1);
          for (const [name, floor] of Object.entries(kindFloors)) expect(figures[name as keyof KindFigures], `${half} ${kind} ${name}`).toBeGreaterThanOrEqual(floor);
        }
      },
      300_000,
    );
  });

  it('over the seeds alone (as in a clone without the real letters), the seed questions keep valid gold and citations', async () => {
    const corpora = await openSuiteCorpora(null);
    const result = await runSuiteSet(SET, corpora);
    let outside = 0;
    for (const q of questions) if (await needsLettersOutside(corpora.seeds.library, q)) outside++;
    expect(result.skipped).toBe(outside);
    expect(result.report.questions).toBeGreaterThanOrEqual(100);
    expect(result.report.citationValidity).toBe(1);
  }, 120_000);
});

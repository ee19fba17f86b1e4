import { AnswerService } from '../answer/answer-service.js';
import type { Answer } from '../answer/answer-types.js';
import type { Snapshot } from '../serving/snapshot.js';
import type { Library } from '../store/library.js';
import { type DevQuestion, goldPhrases, type Half, halfOf, normForMatch, type QuestionKind } from './dev-set.js';

export interface QuestionResult {
  id: string;
  kind: QuestionKind;
  question: string;
  /** 1-based rank at which every gold phrase has been retrieved; null if not within the candidates. */
  rank: number | null;
  found: boolean;
  hit: boolean;
  citationsValid: boolean;
  ms: number;
}

export interface EvalReport {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  answerHitRate: number;
  citationValidity: number;
  abstentionPrecision: number;
  abstentionRecall: number;
  latencyMs: { p50: number; p95: number };
  /** The same figures for each kind of question in the set. */
  byKind: Partial<Record<QuestionKind, KindFigures>>;
  results: QuestionResult[];
}

/** One kind's figures. For unanswerable questions the hit and rank figures do not apply: `refused` is their abstention recall. */
export interface KindFigures {
  questions: number;
  answerHitRate: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  /** Share of this kind's questions the answerer refused. */
  refused: number;
  citationValidity: number;
}

const RANK_DEPTH = 20;

/** Runs the dev set in-process against a snapshot and reports retrieval, answer and abstention figures. */
export async function runEval(snapshot: Snapshot, devSet: DevQuestion[]): Promise<EvalReport> {
  const service = new AnswerService(() => snapshot);
  const { library, retriever } = snapshot;
  // Warm up once, so the first question's timing is not a cold cache's.
  await service.answer({ question: 'warm up', topK: 5 });
  const results: QuestionResult[] = [];
  for (const q of devSet) {
    const ranked = await retriever.rank({ query: q.question, k: RANK_DEPTH });
    // A database-backed library gives texts and chunk records only when read ahead (a no-op for the local store).
    await library.loadTexts(ranked.map((r) => r.chunk.letterId));
    const texts = ranked.map((r) => ({ letterId: r.chunk.letterId, text: norm(retriever.chunkText(r.chunk)) }));
    const ranks = q.gold.map((g) => texts.findIndex((t) => (g.letterId === '*' || t.letterId === g.letterId) && goldPhrases(g).some((p) => t.text.includes(norm(p)))) + 1);
    const rank = q.gold.length && ranks.every((r) => r > 0) ? Math.max(...ranks) : null;

    const t0 = performance.now();
    const answer = await service.answer({ question: q.question, topK: 5 });
    const ms = performance.now() - t0;
    // The checks below cut the cited paragraphs and quotes synchronously: read the cited letters ahead.
    await library.loadTexts(answer.citations.map((c) => c.letterId));
    results.push({
      id: q.id,
      kind: q.kind,
      question: q.question,
      rank,
      found: answer.found,
      hit: answer.found && q.gold.length > 0 && q.gold.every((g) => citedParagraphsContain(library, answer, g)),
      citationsValid: citationsAreValid(library, answer),
      ms,
    });
  }
  return summarise(results);
}

const norm = normForMatch;

function citedParagraphsContain(library: Library, answer: Answer, gold: DevQuestion['gold'][number]): boolean {
  return answer.citations.some((c) => {
    if (gold.letterId !== '*' && c.letterId !== gold.letterId) return false;
    const letter = library.letter(c.letterId);
    const para = library.chunksOf(c.letterId).find((p) => p.start <= c.start && c.end <= p.end);
    return !!letter && !!para && goldPhrases(gold).some((p) => norm(letter.text.slice(para.start, para.end)).includes(norm(p)));
  });
}

/**
 * Every quote is the exact slice, and every [n] in the text names a citation. Synchronous: with a
 * database-backed library, read the cited letters ahead first (library.loadTexts).
 */
export function citationsAreValid(library: Library, answer: Answer): boolean {
  const refs = new Set(answer.citations.map((c) => c.ref));
  const used = [...answer.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  return used.every((r) => refs.has(r)) && answer.citations.every((c) => library.letter(c.letterId)?.text.slice(c.start, c.end) === c.quote && c.quote.length > 0);
}

/** The figures of a subset of results: one half of a split set, one kind. */
export function summarise(results: QuestionResult[]): EvalReport {
  const answerable = results.filter((r) => r.kind !== 'unanswerable');
  const unanswerable = results.filter((r) => r.kind === 'unanswerable');
  const abstained = results.filter((r) => !r.found);
  const share = (xs: QuestionResult[], f: (r: QuestionResult) => boolean) => (xs.length ? xs.filter(f).length / xs.length : 1);
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0;
  return {
    questions: results.length,
    recallAt1: share(answerable, (r) => r.rank === 1),
    recallAt5: share(answerable, (r) => r.rank !== null && r.rank <= 5),
    mrr: answerable.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / (answerable.length || 1),
    answerHitRate: share(answerable, (r) => r.hit),
    citationValidity: share(results, (r) => r.citationsValid),
    abstentionPrecision: share(abstained, (r) => r.kind === 'unanswerable'),
    abstentionRecall: share(unanswerable, (r) => !r.found),
    latencyMs: { p50: round(pct(0.5)), p95: round(pct(0.95)) },
    byKind: figuresByKind(results),
    results,
  };
}

/** A report's results split by the fixed rule of dev-set.ts (halfOf) and summarised per half. */
export function reportByHalf(report: EvalReport): Record<Half, EvalReport> {
  return {
    tune: summarise(report.results.filter((r) => halfOf(r.id) === 'tune')),
    measure: summarise(report.results.filter((r) => halfOf(r.id) === 'measure')),
  };
}

function figuresByKind(results: QuestionResult[]): EvalReport['byKind'] {
  const byKind: EvalReport['byKind'] = {};
  for (const kind of new Set(results.map((r) => r.kind))) {
    const xs = results.filter((r) => r.kind === kind);
    const share = (f: (r: QuestionResult) => boolean) => xs.filter(f).length / xs.length;
    byKind[kind] = {
      questions: xs.length,
      answerHitRate: share((r) => r.hit),
      recallAt1: share((r) => r.rank === 1),
      recallAt5: share((r) => r.rank !== null && r.rank <= 5),
      mrr: xs.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / xs.length,
      refused: share((r) => !r.found),
      citationValidity: share((r) => r.citationsValid),
    };
  }
  return byKind;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

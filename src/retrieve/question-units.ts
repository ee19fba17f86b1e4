import { analyze, stem } from '../text/analyze.js';
import type { TermStats } from './term-stats.js';

/** Words that frame a question rather than name its topic; unseen, they do not mean "not covered". */
const FRAMING = new Set(
  `say said says find found finding letter letters ofsted think view describe described mention mentioned report reported
  tell happen happening happened good enough state like know compare comparison change changed visit visits inspect
  inspected inspection inspector inspectors date dates issue issues carry carried take place took well
  badly bad doing going current currently overall main key kind sort anything something get getting got give given
  keep kept make made seem look way ways thing things lot since between over time compared versus
  grade graded grades judgement judgements judgment judged rated rating ratings`
    .split(/\s+/)
    .filter(Boolean)
    .map(stem),
);

/**
 * One thing the question asks about: a word, or a lexicon concept together with the words that
 * name it ("care leavers" or ~leavers). Covered when a passage has every key of any one group.
 */
export interface QuestionUnit {
  keys: string[][];
  weight: number;
  /** No passage of any letter has any of its keys. */
  unseen: boolean;
}

/** The question's topical units with IDF weights; selector words ("2018", "third") only pick letters. */
export function questionTerms(question: string, stats: TermStats, unseenStats: TermStats, selectorWords: Set<string> = new Set()): QuestionUnit[] {
  const { terms, conceptSources } = analyze(question);
  const skip = new Set([...FRAMING, ...[...selectorWords].map(stem)]);
  const units: QuestionUnit[] = [];
  const inConcept = new Set<string>();
  const seenConcepts = new Set<string>();
  for (const { concept, stems } of conceptSources) {
    if (seenConcepts.has(concept)) continue;
    seenConcepts.add(concept);
    const members = stems.filter((s) => !skip.has(s));
    if (members.length === 0 && stems.length > 0) continue;
    for (const m of members) inConcept.add(m);
    // A phrase's words count only together: "care" alone does not cover "care leavers".
    const keys = members.length ? [[concept], members] : [[concept]];
    units.push(unit(keys, stats, unseenStats));
  }
  for (const t of new Set(terms)) {
    if (skip.has(t) || inConcept.has(t)) continue;
    const variants = unseenStats.documentFrequency(t) === 0 ? unseenStats.variantsOf(t) : [];
    units.push(unit([[t], ...variants.map((v) => [v])], stats, unseenStats));
  }
  return units;
}

/** Concepts that say what kind of answer is wanted ("problems", "progress") more than its topic. */
const GENERIC_CONCEPTS = new Set(['~difficulty', '~progress']);
const GENERIC_WEIGHT = 1;

function unit(keys: string[][], stats: TermStats, unseenStats: TermStats): QuestionUnit {
  const weight = Math.max(...keys.map((group) => Math.min(...group.map((k) => stats.idf(k)))));
  return {
    keys,
    weight: keys.some((g) => g.length === 1 && GENERIC_CONCEPTS.has(g[0] as string)) ? Math.min(weight, GENERIC_WEIGHT) : weight,
    unseen: keys.every((group) => group.some((k) => unseenStats.documentFrequency(k) === 0)),
  };
}

export function unitCovered(u: QuestionUnit, present: Pick<ReadonlySet<string>, 'has'>): boolean {
  return u.keys.some((group) => group.every((k) => present.has(k)));
}

/** Weighted share of the question's units found in a set of passage terms. */
export function coverage(units: QuestionUnit[], present: Pick<ReadonlySet<string>, 'has'>): number {
  let total = 0;
  let hit = 0;
  for (const u of units) {
    total += u.weight;
    if (unitCovered(u, present)) hit += u.weight;
  }
  return total === 0 ? 0 : hit / total;
}

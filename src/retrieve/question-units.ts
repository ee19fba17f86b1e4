import { analyze, contentWords, stem } from '../text/analyze.js';
import { ENGLISH_AUTHORITY_PLACES } from '../text/english-authorities.js';
import { isFigure, isProperName } from '../text/semantics/similarity.js';
import { EVALUATIVE_WORDS, improvementAskWords } from './query-intent.js';
import type { SemanticExpander } from './semantic-expander.js';
import type { TermStats } from './term-stats.js';

/** Words that frame a question rather than name its topic; unseen, they do not mean "not covered". */
const FRAMING = new Set(
  `say said says find found finding letter letters ofsted think view describe described mention mentioned report reported
  tell happen happening happened good enough state like know compare comparison change changed visit visits inspect
  inspected inspection inspector inspectors date dates issue issues carry carried take place took well signed share
  badly bad doing going current currently overall main key kind sort anything something get getting got give given
  keep kept make made seem look way ways thing things lot since between over time compared versus
  grade graded grades judgement judgements judgment judged rated rating ratings`
    .split(/\s+/)
    .filter(Boolean)
    .concat(EVALUATIVE_WORDS)
    .map(stem),
);

/**
 * One thing the question asks about: a word, or a lexicon concept together with the words that
 * name it ("care leavers" or ~leavers). Covered when a passage has every key of any one group.
 */
export interface QuestionUnit {
  keys: string[][];
  /** Stems that stand in for the unit's word in other words (WordNet, word vectors), with a similarity below 1; none for names and figures. */
  soft: ReadonlyMap<string, number>;
  weight: number;
  /** No passage of any letter has any of its keys. */
  unseen: boolean;
}

/** The question's topical units with IDF weights; selector words ("2018", "third") only pick letters. */
export function questionTerms(question: string, stats: TermStats, unseenStats: TermStats, selectorWords: Set<string> = new Set(), expander?: SemanticExpander): QuestionUnit[] {
  const { terms, conceptSources } = analyze(question);
  const skip = new Set([...FRAMING, ...[...selectorWords, ...improvementAskWords(question)].map(stem)]);
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
    units.push(unit(keys, new Map(), stats, unseenStats));
  }
  const exactOnly = exactOnlyWords(question);
  const surface = new Map<string, string>();
  for (const w of contentWords(question)) if (!surface.has(w.stem)) surface.set(w.stem, w.word);
  for (const t of new Set(terms)) {
    if (skip.has(t) || inConcept.has(t)) continue;
    const variants = unseenStats.documentFrequency(t) === 0 ? unseenStats.variantsOf(t) : [];
    const word = surface.get(t) ?? t;
    const soft = expander && !exactOnly.has(word) ? expander.expand(word, t) : new Map<string, number>();
    units.push(unit([[t], ...variants.map((v) => [v])], soft, stats, unseenStats));
  }
  return units;
}

const AUTHORITY_WORDS = new Set(ENGLISH_AUTHORITY_PLACES.flatMap((p) => p.toLowerCase().split(/[^a-z]+/)).filter((w) => w.length > 3));

/**
 * Words of the question that must match as written: figures, names (capitalised after the first
 * word, or known to WordNet only as names), and the places of English authorities.
 */
export function exactOnlyWords(question: string): Set<string> {
  const out = new Set<string>();
  const tokens = [...question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((m) => ({ raw: m[0], at: m.index ?? 0 }));
  tokens.forEach(({ raw, at }, i) => {
    const w = raw.toLowerCase().replace(/['’]s$/, '');
    const startsSentence = i === 0 || /[.?!:]\s*$/.test(question.slice(0, at));
    if (isFigure(w) || AUTHORITY_WORDS.has(w) || (!startsSentence && /^\p{Lu}/u.test(raw)) || isProperName(w)) out.add(w);
  });
  return out;
}

/** The IDF of a word in this share of passages: what a word no passage has weighs. */
const UNSEEN_AS_SHARE = 0.05;

function unseenWordWeight(stats: TermStats): number {
  const df = UNSEEN_AS_SHARE * stats.documents;
  return Math.log(1 + (stats.documents - df + 0.5) / (df + 0.5));
}

/** A stand-in this close or closer means the letters do speak of the thing, in other words. */
const SEEN_SIMILARITY = 0.5;

function unit(keys: string[][], soft: ReadonlyMap<string, number>, stats: TermStats, unseenStats: TermStats): QuestionUnit {
  const exactUnseen = keys.every((group) => group.some((k) => unseenStats.documentFrequency(k) === 0));
  const softSeen = [...soft].filter(([s, sim]) => sim >= SEEN_SIMILARITY && unseenStats.documentFrequency(s) > 0);
  // A word the letters never use weighs what its closest stand-in weighs (rare words are telling,
  // common ones not). With no stand-in, the corpus cannot tell a topic it lacks ("disabled") from
  // everyday wording ("dragged into"): such a word weighs as a moderately rare word, not as the rarest.
  const weight = exactUnseen
    ? softSeen.length
      ? stats.idf((softSeen[0] as [string, number])[0])
      : unseenWordWeight(stats)
    : Math.max(...keys.map((group) => Math.min(...group.map((k) => stats.idf(k)))));
  return {
    keys,
    soft,
    weight,
    unseen: exactUnseen && softSeen.length === 0,
  };
}

/** The unit's own words are all there. */
export function unitCovered(u: QuestionUnit, present: Pick<ReadonlySet<string>, 'has'>): boolean {
  return u.keys.some((group) => group.every((k) => present.has(k)));
}

/** How far a passage covers a unit: 1 in its own words, else its best stand-in's similarity. */
export function unitScore(u: QuestionUnit, present: Pick<ReadonlySet<string>, 'has'>): number {
  if (unitCovered(u, present)) return 1;
  let best = 0;
  for (const [s, sim] of u.soft) if (sim > best && present.has(s)) best = sim;
  return best;
}

/** Weighted share of the question's units found in a set of passage terms (stand-ins count by similarity). */
export function coverage(units: QuestionUnit[], present: Pick<ReadonlySet<string>, 'has'>): number {
  return weightedShare(units, (u) => unitScore(u, present));
}

/** Weighted share of the question's units a passage has in the question's own words. */
export function exactCoverage(units: QuestionUnit[], present: Pick<ReadonlySet<string>, 'has'>): number {
  return weightedShare(units, (u) => (unitCovered(u, present) ? 1 : 0));
}

function weightedShare(units: QuestionUnit[], score: (u: QuestionUnit) => number): number {
  let total = 0;
  let hit = 0;
  for (const u of units) {
    total += u.weight;
    hit += u.weight * score(u);
  }
  return total === 0 ? 0 : hit / total;
}

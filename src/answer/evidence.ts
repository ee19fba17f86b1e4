import type { LetterInfo } from '../corpus/letter.js';
import { type LetterHints, readLetterHints } from '../retrieve/letter-hints.js';
import type { QueryIntent } from '../retrieve/query-intent.js';
import { type QuestionUnit, questionTerms } from '../retrieve/question-units.js';
import type { RankedChunk, Retriever } from '../retrieve/retriever.js';
import type { Library } from '../store/library.js';
import { type SentenceCandidate, scoreSentences } from './sentence-candidates.js';

/**
 * When the letters answer a question and when they do not: the one rule the extractive answerer
 * abstains by and the timeline keeps or drops a letter's passage by.
 * Calibrated on test/eval/dev-set.json (npm run eval): see docs in README.
 */
export const ABSTAIN = {
  /** The best sentence must carry at least this weighted share of the question's terms. */
  minCoverage: 0.34,
  /** Give up when this weighted share of the question names things no letter mentions. */
  maxUnseen: 0.5,
};

export interface EvidenceInput {
  question: string;
  ranked: RankedChunk[];
  retriever: Retriever;
  intent: QueryIntent;
}

/** Confidence features for one question; exposed so the eval can report and calibrate them. */
export interface Evidence {
  terms: QuestionUnit[];
  candidates: SentenceCandidate[];
  bestCoverage: number;
  unseenShare: number;
  /** English authorities the question names that no loaded letter is about. */
  missingPlaces: string[];
  /** The question names an authority some loaded letter is about. */
  namesLoadedPlace: boolean;
  /** Why no loaded letter can answer: the year or kind of document it names is not among the letters in scope. */
  scopeGap: string | null;
}

export function gatherEvidence(input: EvidenceInput): Evidence {
  const hints = readLetterHints(input.question, input.retriever.library.letters);
  const { stats, bodyStats } = input.retriever;
  const terms = questionTerms(input.question, stats, input.intent.wantsFrontMatter ? stats : bodyStats, hints.selectorWords, input.retriever.expander);
  const candidates = scoreSentences(input.ranked, (id) => input.retriever.library.letter(id), terms, input.intent);
  const total = terms.reduce((s, t) => s + t.weight, 0);
  const unseen = terms.filter((t) => t.unseen).reduce((s, t) => s + t.weight, 0);
  return {
    terms,
    candidates,
    bestCoverage: Math.max(0, ...candidates.map((c) => c.coverage)),
    unseenShare: total === 0 ? 1 : unseen / total,
    missingPlaces: hints.missingPlaces,
    namesLoadedPlace: hints.namesLoadedPlace,
    scopeGap: scopeGap(hints, input.retriever.library.letters, (id) => input.retriever.library.letter(id)?.text ?? ''),
  };
}

/**
 * Reads ahead the texts gatherEvidence quotes and searches (a database gives them only when asked
 * ahead): the ranked paragraphs' letters, and the scope scopeGap searches for a year or kind.
 */
export async function loadEvidenceTexts(question: string, ranked: readonly RankedChunk[], library: Library): Promise<void> {
  if (!library.readsAhead) return;
  const hints = readLetterHints(question, library.letters);
  const scope = hints.placeLetterIds ? [...hints.placeLetterIds] : library.letters.map((l) => l.id);
  const searched = (hints.years.length > 0 || hints.kind) && scope.length <= TEXT_CHECK_SCOPE ? scope : [];
  await library.loadTexts([...ranked.map((r) => r.chunk.letterId), ...searched]);
}

/** Whether a sentence covering this share of the question's terms answers it, given what the question names that no letter mentions. */
export function isOnTopic(coverage: number, evidence: Evidence): boolean {
  return coverage >= ABSTAIN.minCoverage && evidence.unseenShare <= ABSTAIN.maxUnseen;
}

/** Whether the letters answer the question at all: the best sentence is on topic. */
export function answersQuestion(evidence: Evidence, intent: QueryIntent): boolean {
  // "Who carried out the visit?" names no topic; the answer is whatever names a person or date.
  if (evidence.terms.length === 0) {
    if (intent.wantsSummary || intent.wantsWeaknesses || intent.wantsStrengths) return evidence.candidates.length > 0;
    return (intent.wantsPerson || intent.wantsDate || intent.wantsGrade) && evidence.candidates.some((c) => c.typeMatch);
  }
  return isOnTopic(evidence.bestCoverage, evidence);
}

/** Letters whose text is searched for a year the question names; beyond this, dates only. */
const TEXT_CHECK_SCOPE = 20;

/**
 * "What did the 2016 inspection of Croydon find?" with Croydon's 2018 and 2019 letters loaded: the
 * letters in scope (the authority's, else all) have no letter of that year, nor any mention of it;
 * or none is of the kind of document named. Null when the scope may hold the answer.
 */
export function scopeGap(hints: LetterHints, letters: readonly LetterInfo[], textOf: (id: string) => string): string | null {
  const scope = hints.placeLetterIds ? letters.filter((l) => hints.placeLetterIds?.has(l.id)) : letters;
  if (scope.length === 0) return null;
  const where = hints.placeLetterIds ? ` about ${placeName(scope)}` : '';
  const yearsOf = (l: LetterInfo) =>
    [l.date, l.visitDates?.start, l.visitDates?.end, l.inspectionDates?.start, l.inspectionDates?.end].filter((d): d is string => !!d).map((d) => d.slice(0, 4));
  const mentioned = (y: string) => scope.length <= TEXT_CHECK_SCOPE && scope.some((l) => new RegExp(`\\b${y}\\b`).test(textOf(l.id)));
  const yearsCovered = hints.years.filter((y) => scope.some((l) => yearsOf(l).includes(y)) || mentioned(y));
  if (hints.years.length > 0 && yearsCovered.length === 0) return `No letter${where} from ${hints.years.join(' or ')} is loaded, so the letters do not cover this question.`;
  // An inspection is also what every later letter looks back on ("at the last inspection, services
  // were judged good"): only a visit named by kind must be among the letters.
  if (hints.kind && hints.kind !== 'inspection' && !scope.some((l) => l.kind === hints.kind) && !hints.years.some(mentioned)) {
    return `No ${hints.kind} letter${where} is loaded, so the letters do not cover this question.`;
  }
  return null;
}

function placeName(scope: readonly LetterInfo[]): string {
  const names = [...new Set(scope.map((l) => l.place ?? l.authority).filter((n): n is string => !!n))];
  return names.length ? names.join(' and ') : 'that authority';
}

import { citeSpan, type Citation } from '../corpus/citation.js';
import type { Letter } from '../corpus/letter.js';
import { readLetterHints } from '../retrieve/letter-hints.js';
import type { QueryIntent } from '../retrieve/query-intent.js';
import type { RankedChunk, Retriever } from '../retrieve/retriever.js';
import { cleanForDisplay } from '../text/normalize.js';
import type { Answer } from './answer-types.js';
import { directionLine } from './compare-direction.js';
import { letterLabel } from './letter-label.js';
import { type QuestionUnit, questionTerms, unitCovered } from '../retrieve/question-units.js';
import { type SentenceCandidate, scoreSentences } from './sentence-candidates.js';

/** Calibrated on test/eval/dev-set.json (npm run eval): see docs in README. */
export const ABSTAIN = {
  /** The best sentence must carry at least this weighted share of the question's terms. */
  minCoverage: 0.34,
  /** Give up when this weighted share of the question names things no letter mentions. */
  maxUnseen: 0.3,
};
const MAX_SENTENCES = 3;
const MAX_LETTERS_COMPARED = 4;

export interface ExtractiveInput {
  question: string;
  ranked: RankedChunk[];
  retriever: Retriever;
  intent: QueryIntent;
}

export type DraftAnswer = Omit<Answer, 'tookMs'>;

/** Confidence features for one question; exposed so the eval can report and calibrate them. */
export interface Evidence {
  terms: QuestionUnit[];
  candidates: SentenceCandidate[];
  bestCoverage: number;
  unseenShare: number;
}

export function gatherEvidence(input: ExtractiveInput): Evidence {
  const hints = readLetterHints(input.question, input.retriever.library.letters);
  const { stats, bodyStats } = input.retriever;
  const terms = questionTerms(input.question, stats, input.intent.wantsFrontMatter ? stats : bodyStats, hints.selectorWords);
  const candidates = scoreSentences(input.ranked, (id) => input.retriever.library.letter(id), terms, input.intent);
  const total = terms.reduce((s, t) => s + t.weight, 0);
  const unseen = terms.filter((t) => t.unseen).reduce((s, t) => s + t.weight, 0);
  return {
    terms,
    candidates,
    bestCoverage: Math.max(0, ...candidates.map((c) => c.coverage)),
    unseenShare: total === 0 ? 1 : unseen / total,
  };
}

/** Answers from the letters' own sentences, each cited; says so when the letters do not cover it. */
export function answerExtractively(input: ExtractiveInput): DraftAnswer {
  const evidence = gatherEvidence(input);
  if (!supported(evidence, input.intent)) return notFound(input, evidence);
  const chosen = input.intent.comparesVisits ? choosePerLetter(evidence.candidates) : chooseSentences(evidence);
  const ordered = orderForReading(chosen);
  const citations: Citation[] = ordered.map((c, i) => citeSpan(c.letter, { paragraph: c.hit.chunk.n, section: c.hit.chunk.section }, c, i + 1, c.score));
  const direction = input.intent.comparesVisits && new Set(ordered.map((c) => c.letter.id)).size > 1 ? directionLine(citations) : null;
  const answer = compose(ordered) + (direction ? `\n\n${direction}` : '');
  return { answer, found: true, citations, mode: 'extractive' };
}

function supported(evidence: Evidence, intent: QueryIntent): boolean {
  // "Who carried out the visit?" names no topic; the answer is whatever names a person or date.
  if (evidence.terms.length === 0) return (intent.wantsPerson || intent.wantsDate) && evidence.candidates.some((c) => c.typeMatch);
  return evidence.bestCoverage >= ABSTAIN.minCoverage && evidence.unseenShare <= ABSTAIN.maxUnseen;
}

function chooseSentences(evidence: Evidence): SentenceCandidate[] {
  const [best, ...rest] = evidence.candidates;
  if (!best) return [];
  const chosen = [best];
  const covered = new Set(unitsIn(best, evidence.terms));
  for (const c of rest) {
    if (chosen.length >= MAX_SENTENCES) break;
    if (c.score < 0.8 * best.score || chosen.some((x) => overlaps(x, c))) continue;
    // A question after a figure, date or name is answered by sentences that have one.
    if (best.typeMatch && !c.typeMatch) continue;
    const fresh = unitsIn(c, evidence.terms).filter((u) => !covered.has(u));
    const freshWeight = fresh.reduce((s, u) => s + u.weight, 0);
    // Equally strong evidence from another paragraph is worth showing: the reader sees it is not a one-off.
    const corroborates = c.coverage >= best.coverage * 0.9 && c.score >= 0.85 * best.score && !chosen.some((x) => x.hit.chunk === c.hit.chunk);
    if (freshWeight > 0 || corroborates) {
      chosen.push(c);
      for (const t of fresh) covered.add(t);
    }
  }
  return chosen;
}

/** One sentence from each letter, its best, so a comparison hears from every visit. */
function choosePerLetter(candidates: SentenceCandidate[]): SentenceCandidate[] {
  const best = new Map<string, SentenceCandidate>();
  for (const c of candidates) if (!best.has(c.letter.id) && c.coverage > 0) best.set(c.letter.id, c);
  return [...best.values()].slice(0, MAX_LETTERS_COMPARED);
}

function unitsIn(c: SentenceCandidate, units: QuestionUnit[]): QuestionUnit[] {
  return units.filter((u) => unitCovered(u, c.terms));
}

function overlaps(a: SentenceCandidate, b: SentenceCandidate): boolean {
  return a.letter.id === b.letter.id && a.start < b.end && b.start < a.end;
}

/** Letters oldest first, sentences in reading order within a letter. */
function orderForReading(chosen: SentenceCandidate[]): SentenceCandidate[] {
  return [...chosen].sort((a, b) => (a.letter.date ?? '').localeCompare(b.letter.date ?? '') || a.letter.id.localeCompare(b.letter.id) || a.start - b.start);
}

function compose(ordered: SentenceCandidate[]): string {
  const parts: string[] = [];
  let currentLetter: Letter | null = null;
  ordered.forEach((c, i) => {
    if (c.letter !== currentLetter) {
      currentLetter = c.letter;
      const label = letterLabel(c.letter);
      parts.push(`${parts.length ? '\n\n' : ''}${label.charAt(0).toUpperCase()}${label.slice(1)} says:`);
    }
    parts.push(` ${displaySentence(c.letter.text.slice(c.start, c.end))} [${i + 1}]`);
  });
  return parts.join('').trim();
}

/** Bracketed numbers inside a letter ("[99]") would read as our citation markers: prose drops them, the quote keeps them. */
const MARKER_LIKE = /\s*\[\s*\d{1,3}(?:\s*[,;\-\u2013]\s*\d{1,3})*\s*\]/g;

function displaySentence(raw: string): string {
  const s = cleanForDisplay(raw).replace(MARKER_LIKE, '');
  const capitalised = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?:;"')]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function notFound(input: ExtractiveInput, evidence: Evidence): DraftAnswer {
  const related = input.ranked
    .filter((r) => r.chunk.kind === 'body')
    .slice(0, 3)
    .filter(() => evidence.bestCoverage > 0)
    .map((r) => input.retriever.toHit(r));
  return {
    answer: `The letters do not cover this question.${related.length ? ' The closest passages are listed below, but none of them answers it.' : ''}`,
    found: false,
    citations: [],
    mode: 'extractive',
    ...(related.length ? { related } : {}),
  };
}

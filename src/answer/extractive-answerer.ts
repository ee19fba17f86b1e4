import { type Citation, citeSpan } from '../corpus/citation.js';
import type { Letter } from '../corpus/letter.js';
import { type QuestionUnit, unitCovered } from '../retrieve/question-units.js';
import { cleanForDisplay } from '../text/normalize.js';
import type { Answer } from './answer-types.js';
import { directionLine } from './compare-direction.js';
import { answersQuestion, type Evidence, type EvidenceInput, gatherEvidence } from './evidence.js';
import { letterLabel } from './letter-label.js';
import type { SentenceCandidate } from './sentence-candidates.js';

const MAX_SENTENCES = 3;
const MAX_LETTERS_COMPARED = 4;

export type DraftAnswer = Omit<Answer, 'tookMs'>;

/** Answers from the letters' own sentences, each cited; says so when the letters do not cover it. */
export function answerExtractively(input: EvidenceInput): DraftAnswer {
  const evidence = gatherEvidence(input);
  if (!answersQuestion(evidence, input.intent)) return notFound(input, evidence);
  const chosen = input.intent.comparesVisits ? choosePerLetter(evidence.candidates) : chooseSentences(evidence);
  const ordered = orderForReading(chosen);
  const citations: Citation[] = ordered.map((c, i) => citeSpan(c.letter, { paragraph: c.hit.chunk.n, section: c.hit.chunk.section }, c, i + 1, c.score));
  const direction = input.intent.comparesVisits && new Set(ordered.map((c) => c.letter.id)).size > 1 ? directionLine(citations) : null;
  const answer = compose(ordered) + (direction ? `\n\n${direction}` : '');
  return { answer, found: true, citations, mode: 'extractive' };
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

function notFound(input: EvidenceInput, evidence: Evidence): DraftAnswer {
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

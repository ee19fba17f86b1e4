import { type Citation, citeSpan } from '../corpus/citation.js';
import type { Letter } from '../corpus/letter.js';
import type { QueryIntent } from '../retrieve/query-intent.js';
import { type QuestionUnit, unitCovered, unitScore } from '../retrieve/question-units.js';
import { contentWords } from '../text/analyze.js';
import { IMPROVEMENT_SECTION } from '../text/ofsted-sections.js';
import type { DraftAnswer } from './answer-types.js';
import { directionLine } from './compare-direction.js';
import { displaySentence } from './display-sentence.js';
import { ABSTAIN, answersQuestion, type Evidence, type EvidenceInput, gatherEvidence, isOnTopic } from './evidence.js';
import { letterLabel } from './letter-label.js';
import type { SentenceCandidate } from './sentence-candidates.js';

const MAX_SENTENCES = 3;
const MAX_LETTERS_COMPARED = 4;

/** Answers from the letters' own sentences, each cited; says so when the letters do not cover it. */
export function answerExtractively(input: EvidenceInput): DraftAnswer {
  const evidence = gatherEvidence(input);
  // "What did Ofsted find in Kent?" with no Kent letter loaded: the other authorities' letters do not answer it.
  if (evidence.missingPlaces.length > 0 && !evidence.namesLoadedPlace) return noLetterAbout(evidence.missingPlaces);
  if (evidence.scopeGap) return refusal(evidence.scopeGap);
  const { intent } = input;
  // "What needs to improve for care leavers in Wakefield?": the letter lists it under its own heading,
  // in words of its own; the best of that list (by the question's words) answers it when the letter
  // speaks of the question's topic somewhere (care leavers, in a visit about care leavers).
  const listed = !intent.comparesVisits && intent.asksImprovements ? evidence.candidates.filter(underImprovementHeading) : [];
  const listLetter = listed[0]?.letter.id;
  const listAnswers = listLetter !== undefined && (evidence.terms.length === 0 || evidence.candidates.some((c) => c.letter.id === listLetter && isOnTopic(c.coverage, evidence)));
  if (!listAnswers && !answersQuestion(evidence, intent)) return notFound(input, evidence);
  // "How many children are on child protection plans?": passages on the topic that give no figure do not answer it.
  const counted = countedUnits(input.question, evidence.terms);
  const countsIt = (c: SentenceCandidate) => counted.every((u) => unitScore(u, c.terms) >= COUNTED_SIMILARITY);
  if (intent.wantsCount && !evidence.candidates.some((c) => c.typeMatch && isOnTopic(c.coverage, evidence) && countsIt(c))) {
    return notFound(input, evidence, 'The letters give no figure for this.');
  }
  // A comparison none of whose letters has a sentence on the question's words is answered as a plain question.
  const perLetter = intent.comparesVisits ? choosePerLetter(evidence.candidates) : [];
  const chosen = perLetter.length
    ? perLetter
    : listAnswers
      ? chooseListed(listed)
      : evidence.terms.length === 0 && (intent.wantsSummary || intent.wantsWeaknesses || intent.wantsStrengths)
        ? chooseFindings(evidence.candidates)
        : chooseSentences(evidence);
  if (chosen.length === 0) return notFound(input, evidence);
  const ordered = orderForReading(chosen);
  const citations: Citation[] = ordered.map((c, i) => citeSpan(c.letter, { paragraph: c.hit.chunk.n, section: c.hit.chunk.section }, c, i + 1, c.score));
  const direction = intent.comparesVisits && new Set(ordered.map((c) => c.letter.id)).size > 1 ? directionLine(citations) : null;
  const hedge = listAnswers ? null : hedgeFor(evidence, intent, chosen);
  const answer = (hedge ? `${hedge}\n\n` : '') + compose(ordered) + (direction ? `\n\n${direction}` : '');
  return { answer, found: true, citations, mode: 'extractive' };
}

function underImprovementHeading(c: SentenceCandidate): boolean {
  return c.hit.chunk.kind === 'body' && IMPROVEMENT_SECTION.test(c.hit.chunk.section?.trim() ?? '');
}

/** How close the sentence with a figure must come to the thing counted ("foster carers" in "How many foster carers…"). */
const COUNTED_SIMILARITY = 0.6;

/** The question's unit for what it counts: the head noun after "how many" / "number of" ("How many foster carers were…" → carers). */
function countedUnits(question: string, units: QuestionUnit[]): QuestionUnit[] {
  const m = /\b(?:how many|number of|what (?:percentage|proportion|share) of)\s+((?:[\p{L}'’-]+\s*){1,4})/iu.exec(question);
  if (!m) return [];
  const phrase: string[] = [];
  for (const token of (m[1] as string).trim().split(/\s+/)) {
    const w = contentWords(token)[0];
    if (!w) break;
    phrase.push(w.stem);
  }
  const head = phrase.at(-1);
  return head ? units.filter((u) => u.keys.some((g) => g.includes(head))) : [];
}

const WANTED_THING: [keyof QueryIntent, string][] = [
  ['wantsNumber', 'a figure'],
  ['wantsDate', 'a date'],
  ['wantsPerson', 'names'],
  ['wantsGrade', 'a grade'],
];

/**
 * Says what the answer is not: the letters give no figure (date, name, grade) the question asks
 * for, or they say it only in other words. Null when the quotes answer the question as asked.
 */
function hedgeFor(evidence: Evidence, intent: QueryIntent, chosen: SentenceCandidate[]): string | null {
  if (intent.comparesVisits) return null;
  const wanted = WANTED_THING.find(([k]) => intent[k] === true);
  if (wanted && !chosen.some((c) => c.typeMatch)) return `The letters do not give ${wanted[1]} for this; the closest they come is:`;
  const best = chosen[0];
  if (best && evidence.terms.length > 0 && best.exactCoverage < ABSTAIN.minCoverage) return "The letters don't use these words; the closest they come is:";
  return null;
}

/** A letter's gist or its list of findings: the best few sentences of its paragraphs under the heading asked for. */
function chooseFindings(candidates: SentenceCandidate[]): SentenceCandidate[] {
  const best = candidates[0];
  if (!best) return [];
  const chosen = [best];
  for (const c of candidates) {
    if (chosen.length >= MAX_SENTENCES) break;
    if (c.score < 0.75 * best.score || chosen.includes(c) || chosen.some((x) => overlaps(x, c) || x.hit.chunk === c.hit.chunk)) continue;
    if (c.letter.id !== best.letter.id) continue;
    chosen.push(c);
  }
  return chosen;
}

/** Items of the best letter's list, best first (the question's words pick among them), up to the usual few. */
function chooseListed(listed: SentenceCandidate[]): SentenceCandidate[] {
  const best = listed[0];
  if (!best) return [];
  const chosen: SentenceCandidate[] = [];
  for (const c of listed) {
    if (chosen.length >= MAX_SENTENCES) break;
    if (c.letter.id === best.letter.id && !chosen.some((x) => overlaps(x, c))) chosen.push(c);
  }
  return chosen;
}

function noLetterAbout(places: string[]): DraftAnswer {
  const names = places.length === 1 ? (places[0] as string) : `${places.slice(0, -1).join(', ')} or ${places.at(-1) as string}`;
  return refusal(`No letter about ${names} is loaded, so the letters do not cover this question.`);
}

function refusal(answer: string): DraftAnswer {
  return { answer, found: false, citations: [], mode: 'extractive' };
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

function notFound(input: EvidenceInput, evidence: Evidence, reason = 'The letters do not cover this question as asked.'): DraftAnswer {
  const related = input.ranked
    .filter((r) => r.chunk.kind === 'body')
    .slice(0, 3)
    .filter(() => evidence.bestCoverage > 0)
    .map((r) => input.retriever.toHit(r));
  return {
    answer: `${reason}${related.length ? ' The closest passages are listed below.' : ''}`,
    found: false,
    citations: [],
    mode: 'extractive',
    ...(related.length ? { related } : {}),
  };
}

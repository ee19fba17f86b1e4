import type { Letter } from '../corpus/letter.js';
import type { QueryIntent } from '../retrieve/query-intent.js';
import { coverage, exactCoverage, type QuestionUnit } from '../retrieve/question-units.js';
import type { RankedChunk } from '../retrieve/retriever.js';
import type { ChunkRecord } from '../store/chunk-record.js';
import { indexTerms } from '../text/analyze.js';
import { GRADE_ROW } from '../text/grades.js';
import { MONTH_ALTERNATION } from '../text/months.js';
import { IMPROVEMENT_SECTION, INSPECTOR_LINE, SUMMARY_SECTION } from '../text/ofsted-sections.js';
import { namesPerson } from '../text/person-names.js';
import { type Span, sentenceSpans } from '../text/sentence-spans.js';
import { tone } from './compare-direction.js';

export interface SentenceCandidate {
  letter: Letter;
  hit: RankedChunk;
  start: number;
  end: number;
  /** Share of the question's weighted terms in this sentence (stand-ins counted by similarity). */
  coverage: number;
  /** The same in the question's own words only. */
  exactCoverage: number;
  /** Has what the question type asks for: a number, a date, a person. */
  typeMatch: boolean;
  score: number;
  /** The sentence's index terms. */
  terms: Set<string>;
}

interface AnalysedSentence extends Span {
  raw: string;
  words: number;
  terms: Set<string>;
}

interface AnalysedChunk {
  terms: Set<string>;
  sentences: AnalysedSentence[];
}

/**
 * A paragraph's sentences and terms depend only on the letter text, so they are worked out once
 * per chunk, not on every question (this was most of an offline answer's CPU time). Keyed by the
 * chunk record, so a reindex (new records) drops them.
 */
const analysed = new WeakMap<ChunkRecord, AnalysedChunk>();

function analyseChunk(letter: Letter, chunk: ChunkRecord): AnalysedChunk {
  let a = analysed.get(chunk);
  if (!a) {
    const spans = sentenceSpans(letter.text, chunk.start, chunk.end);
    a = {
      terms: new Set(indexTerms(letter.text.slice(chunk.start, chunk.end))),
      sentences: (chunk.kind === 'body' ? spans : joinFragments(letter.text, spans)).map((s) => {
        const raw = letter.text.slice(s.start, s.end);
        return { start: s.start, end: s.end, raw, words: raw.split(/\s+/).length, terms: new Set(indexTerms(raw)) };
      }),
    };
    analysed.set(chunk, a);
  }
  return a;
}

/** Numbers in words, fractions included; "one" alone rarely counts anything, so only NUMBER_RE has it. */
const NUMBER_WORDS =
  'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|dozens?|half|halves|thirds?|quarters?|fifths?|tenths?';
const NUMBER_RE = new RegExp(`\\b\\d[\\d,.]*%?|\\b(?:one|${NUMBER_WORDS})\\b`, 'i');
const DATE_RE = new RegExp(`\\b(?:${MONTH_ALTERNATION})\\b|\\b(?:19|20)\\d\\d\\b`);
/** An inspection grade as a judgement table or a report's summary states it. */
const GRADE_RE =
  /\b(?:Outstanding|Good|Requires improvement|Inadequate|Adequate)\b|\b(?:is|are|was|were|judged(?: to be)?) (?:outstanding|good|inadequate|requires? improvement)\b/;
/** Spans of time: "every four weeks" is how often, not how many. */
const TIME_UNITS = 'days?|weeks?|months?|years?|hours?|minutes?';
/** A count or a share: a figure that is not a year, a day of a month or a span of time, or a number word ("one" alone says little). */
const COUNT_RE = new RegExp(
  `\\b(?!(?:19|20)\\d\\d\\b)\\d+(?:[,.]\\d+)*(?![\\d,.]*\\d)%?(?!\\s*(?:${MONTH_ALTERNATION}|${TIME_UNITS})\\b)|\\b(?:${NUMBER_WORDS}|majority|minority)\\b(?!\\s*(?:${TIME_UNITS})\\b)`,
  'i',
);
const SALUTATION = /^\s*Dear\b/;
/** How much of its paragraph's coverage a sentence with the asked-for thing borrows. */
const PARAGRAPH_SHARE = 0.8;
/** Judgement words: for "how is X" questions the evaluative sentence is the better answer. */
const JUDGEMENT_RE =
  /\b(?:improv\w*|progress\w*|strong|weak|poor|good|effective\w*|ineffective|inconsisten\w*|consisten\w*|variab\w*|robust|too slow|rapid\w*|timely|delays?|drift|significant\w*|better|worse|concern\w*|impact\w*|challeng\w*|not yet|well)\b/i;

/** Every sentence of the retrieved paragraphs, scored as an answer to the question. */
export function scoreSentences(hits: RankedChunk[], letterOf: (id: string) => Letter | undefined, terms: QuestionUnit[], intent: QueryIntent): SentenceCandidate[] {
  const out: SentenceCandidate[] = [];
  const topScore = hits[0]?.score ?? 1;
  for (const hit of hits) {
    const letter = letterOf(hit.chunk.letterId);
    if (!letter) continue;
    const chunk = analyseChunk(letter, hit.chunk);
    const paragraphCoverage = coverage(terms, chunk.terms);
    for (const s of chunk.sentences) {
      const { raw, words } = s;
      if (words < 3 && !intent.wantsPerson) continue;
      // A salutation names the recipient, not the people who did what the question asks about.
      const salutation = SALUTATION.test(raw);
      // A letterhead names its recipient: the answer to "who was it addressed to", not "who inspected".
      const recipientOnly = salutation || (hit.chunk.kind === 'front' && !INSPECTOR_LINE.test(raw));
      const typeMatch =
        (intent.wantsCount && !intent.wantsDuration ? COUNT_RE.test(raw) : intent.wantsNumber && NUMBER_RE.test(raw)) ||
        (intent.wantsDate && DATE_RE.test(raw)) ||
        (intent.wantsPerson && namesPerson(raw) && (!recipientOnly || intent.wantsRecipient)) ||
        (intent.wantsGrade && GRADE_RE.test(raw));
      // The sentence that has the asked-for thing may leave the topic to its paragraph ("This letter
      // summarises the seventh visit… The inspectors were Louise Hocking and …").
      const cov = typeMatch ? Math.max(coverage(terms, s.terms), PARAGRAPH_SHARE * paragraphCoverage) : coverage(terms, s.terms);
      const exact = typeMatch ? Math.max(exactCoverage(terms, s.terms), PARAGRAPH_SHARE * exactCoverage(terms, chunk.terms)) : exactCoverage(terms, s.terms);
      let score = 0.55 * cov + 0.2 * paragraphCoverage + 0.25 * (hit.score / topScore);
      // The sentence that carries what is asked for (a figure, a date, a name, a grade) answers it.
      if (typeMatch) score += 0.2;
      if (salutation && !intent.wantsRecipient) score -= 0.2;
      const section = hit.chunk.section?.trim() ?? '';
      if (intent.wantsSummary && SUMMARY_SECTION.test(section)) score += 0.15;
      if (intent.wantsWeaknesses && (IMPROVEMENT_SECTION.test(section) || tone(raw) < 0)) score += 0.1;
      if (intent.wantsStrengths && tone(raw) > 0) score += 0.1;
      // The table states the grade itself; prose that mentions one ("when services were judged good") only reports it.
      if (intent.wantsGrade && GRADE_ROW.test(raw.trim())) score += 0.1;
      if (JUDGEMENT_RE.test(raw)) score += 0.04;
      // Among equally covering sentences, the shorter says it more directly.
      score += 0.04 * Math.min(1, 12 / words);
      if (words > 70) score -= 0.1;
      out.push({ letter, hit, start: s.start, end: s.end, coverage: cov, exactCoverage: exact, typeMatch, score, terms: s.terms });
    }
  }
  return out.sort((a, b) => b.score - a.score);
}

/** In letterhead and sign-off, "Yours sincerely" / a name / a title are one statement: quote them together. */
function joinFragments(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  let open: Span | null = null;
  for (const s of spans) {
    const cur: Span = open ? { start: open.start, end: s.end } : s;
    open = null;
    if (text.slice(cur.start, cur.end).split(/\s+/).length < 6) open = cur;
    else out.push(cur);
  }
  if (open) out.push(open);
  return out;
}

import { analyze, contentWords } from '../text/analyze.js';
import { isFigure, wordSimilarity } from '../text/semantics/similarity.js';
import { sentenceSpans } from '../text/sentence-spans.js';
import { dates, figures, names, negated, quoteHas, quoteHasFigure } from './claim-facts.js';
import type { Support } from './claim-types.js';
import { tone } from './tone.js';

export interface ClaimVerdict {
  support: Support;
  missing: string[];
  reason?: string;
}

/** Words that organise an answer rather than state anything a quote must contain. */
const DISCOURSE = new Set([
  'overall',
  'however',
  'additionally',
  'furthermore',
  'moreover',
  'therefore',
  'direction',
  'summary',
  'letter',
  'letters',
  'says',
  'said',
  'notes',
  'noted',
  'states',
  'stated',
  'reports',
  'reported',
  'found',
  'inspectors',
]);

/** Share of the claim's content words that the quotes must cover for full / partial support. */
const SUPPORTED_COVERAGE = 0.8;
const PARTIAL_COVERAGE = 0.5;
/** A claim word counts as said in other words when a quote word is at least this close (WordNet, vectors). */
const PARAPHRASE_SIMILARITY = 0.6;

/**
 * Judges a claim against the quotes it cites. Figures, dates, names and negation must match
 * exactly; otherwise the claim's content words (stemmed, with the lexicon) must be covered.
 */
export function checkClaim(claim: string, quotes: string[]): ClaimVerdict {
  if (quotes.length === 0) return { support: 'uncited', missing: [], reason: 'cites nothing' };
  const direction = DIRECTION.exec(claim.trim());
  if (direction) return directionVerdict(direction[1] === 'improved' ? 1 : -1, quotes);
  const facts = checkFacts(claim, quotes);
  if (facts) return facts;

  const joined = quotes.join('\n');
  const quoteAnalysis = analyze(joined);
  const present = new Set([...quoteAnalysis.terms, ...quoteAnalysis.concepts]);
  // A paraphrase is fine: a claim word counts as covered when its lexicon concept is in the quote.
  const viaConcept = new Set(
    analyze(claim)
      .conceptSources.filter((c) => present.has(c.concept))
      .flatMap((c) => c.stems),
  );
  const words = contentWords(claim).filter((w) => !DISCOURSE.has(w.word));
  const quoteWords = contentWords(joined);
  // Ordinary words may be paraphrased ("remains a challenge" for "continues to be a challenge"):
  // a word the quotes do not have counts by its closest word in them. Figures, dates and names
  // were checked exactly above.
  const scoreOf = (w: { word: string; stem: string }) => {
    if (present.has(w.stem) || viaConcept.has(w.stem)) return 1;
    if (isFigure(w.word)) return 0;
    let best = 0;
    for (const q of quoteWords) best = Math.max(best, wordSimilarity(w, q));
    return best >= PARAPHRASE_SIMILARITY ? best : 0;
  };
  const scores = words.map(scoreOf);
  const uncovered = [...new Set(words.filter((_, i) => scores[i] === 0).map((w) => w.word))];
  const coverage = words.length ? scores.reduce((a, b) => a + b, 0) / words.length : 1;
  if (coverage >= SUPPORTED_COVERAGE) return { support: 'supported', missing: [] };
  if (coverage >= PARTIAL_COVERAGE) return { support: 'partial', missing: uncovered, reason: 'some words are not in the cited text' };
  return { support: 'unsupported', missing: uncovered, reason: 'most words are not in the cited text' };
}

/** The offline answerer's summary of a comparison: "Direction: improved", its quotes oldest first. */
const DIRECTION = /^Direction: (improved|worse)\.?$/;

/** A direction is backed when the first and last quotes it cites lean the opposite ways it says. */
function directionVerdict(sign: number, quotes: string[]): ClaimVerdict {
  const before = Math.sign(tone(quotes[0] as string));
  const after = Math.sign(tone(quotes.at(-1) as string));
  return quotes.length > 1 && before === -sign && after === sign
    ? { support: 'supported', missing: [] }
    : { support: 'unsupported', missing: [], reason: 'the quotes do not move that way' };
}

/**
 * The rules no wording can satisfy: figures, dates, names and negation must match the quotes.
 * An unsupported verdict when one fails, else null. Nothing (not even a model's judgement) overrides it.
 */
export function checkFacts(claim: string, quotes: string[]): ClaimVerdict | null {
  const hard: string[] = [];
  for (const f of figures(claim)) if (!quotes.some((q) => quoteHasFigure(q, f))) hard.push(f);
  for (const d of dates(claim)) if (!quotes.some((q) => quoteHas(q, d))) hard.push(d);
  for (const n of names(claim)) if (!quotes.some((q) => quoteHas(q, n))) hard.push(n);
  if (hard.length) return { support: 'unsupported', missing: hard, reason: 'figures, dates or names not in the cited text' };

  const closest = closestQuote(claim, quotes);
  if (closest !== null && negated(claim) !== negated(closest)) {
    return { support: 'unsupported', missing: ['not'], reason: negated(claim) ? 'the claim negates what the quote states' : 'the quote negates what the claim states' };
  }
  return null;
}

/** The quote sentence sharing most words with the claim; null when none shares any. */
function closestQuote(claim: string, quotes: string[]): string | null {
  const claimTerms = new Set(analyze(claim).terms);
  let best: string | null = null;
  let bestOverlap = 0;
  for (const q of quotes) {
    for (const { start, end } of sentenceSpans(q)) {
      const sentence = q.slice(start, end);
      const overlap = analyze(sentence).terms.filter((t) => claimTerms.has(t)).length;
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = sentence;
      }
    }
  }
  return best;
}

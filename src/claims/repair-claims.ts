import { type Citation, type CitationSource, citeQuote } from '../corpus/citation.js';
import { checkClaim } from './check-claim.js';
import type { Support } from './claim-types.js';
import { splitClaims } from './split-claims.js';
import { features, supportScore } from './support.js';

/** A passage the model was given: what a citation of it carries, and its sentences as stored. */
export interface SourcePassage {
  /** The passage's number in the prompt: the ref the model was asked to write for it. */
  n: number;
  cite: CitationSource;
  /** quote === letter.text.slice(start, end) */
  sentences: { start: number; end: number; quote: string }[];
}

export interface Repair {
  /** The claim's text (unchanged by the repair). */
  claim: string;
  from: number[];
  to: number;
}

export interface RepairedAnswer {
  text: string;
  citations: Citation[];
  repairs: Repair[];
}

const LEVEL: Record<Support, number> = { uncited: 0, unsupported: 0, partial: 1, supported: 2 };
/** A claim sharing fewer of its words with a sentence than this cannot be supported by it: skip the full check. */
const MIN_OVERLAP = 0.5;
/** A supporting sentence in a passage the claim already cites is the most faithful repair. */
const OWN_PASSAGE_BONUS = 2;

/**
 * Re-cites each claim its quotes do not support (partial or unsupported) to the sentence of a
 * given passage that does, swapping the claim's [n] markers and adding that sentence's citation.
 * Failing that, a claim its quotes do not support at all goes to a sentence that supports part of
 * it. Uncited claims, and claims no sentence backs better, are left for the claim check to mark.
 */
export function repairClaims(text: string, citations: Citation[], sources: SourcePassage[]): RepairedAnswer {
  const byRef = new Map(citations.map((c) => [c.ref, c]));
  const out = [...citations];
  const edits: { start: number; end: number; ref: number }[] = [];
  const repairs: Repair[] = [];
  let nextRef = Math.max(0, ...sources.map((s) => s.n), ...citations.map((c) => c.ref)) + 1;

  for (const span of splitClaims(text)) {
    const quotes = span.refs.map((r) => byRef.get(r)?.quote);
    if (span.refs.length === 0 || quotes.some((q) => q === undefined)) continue;
    const claim = text.slice(span.start, span.end);
    const cited = quotes as string[];
    const now = LEVEL[checkClaim(claim, cited).support];
    if (now === LEVEL.supported) continue;
    const markers = markerRun(text, span.end);
    const found = markers && betterSentence(claim, now, cited, span.refs, sources);
    if (!markers || !found) continue;

    const { source, sentence, score } = found;
    let citation = out.find((c) => c.letterId === source.cite.letterId && c.start === sentence.start && c.end === sentence.end);
    if (!citation) {
      // A passage's own number when it is free; one past every number in use when that ref already quotes another sentence.
      const ref = out.some((c) => c.ref === source.n) ? nextRef++ : source.n;
      citation = citeQuote(source.cite, sentence, ref, score);
      out.push(citation);
    }
    edits.push({ ...markers, ref: citation.ref });
    repairs.push({ claim, from: span.refs, to: citation.ref });
  }

  let repaired = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) repaired = `${repaired.slice(0, e.start)}[${e.ref}]${repaired.slice(e.end)}`;
  const used = new Set([...repaired.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  return { text: repaired, citations: out.filter((c) => used.has(c.ref)).sort((a, b) => a.ref - b.ref), repairs };
}

/** The [n] markers right after a claim ("… high. [1] [2]"): from the first "[" to the last "]". */
function markerRun(text: string, claimEnd: number): { start: number; end: number } | null {
  const re = /(\s*)\[\d+\](?:\s*\[\d+\])*/y;
  re.lastIndex = claimEnd;
  const m = re.exec(text);
  return m ? { start: claimEnd + (m[1]?.length ?? 0), end: claimEnd + m[0].length } : null;
}

/**
 * The sentence of a given passage that backs the claim best, if it backs it better than `floor`
 * (the level of the quotes it cites now): a supporting one, else one that supports it in part.
 */
function betterSentence(claim: string, floor: number, cited: string[], ownRefs: number[], sources: SourcePassage[]) {
  const claimFeatures = features(claim);
  const citedOverlap = Math.max(0, ...cited.map((q) => supportScore(claimFeatures, q)));
  let best: { source: SourcePassage; sentence: SourcePassage['sentences'][number]; score: number } | null = null;
  let bestRank = -1;
  for (const source of sources) {
    for (const sentence of source.sentences) {
      const score = supportScore(claimFeatures, sentence.quote);
      if (score < MIN_OVERLAP) continue;
      const level = LEVEL[checkClaim(claim, [sentence.quote]).support];
      const rank = level * 10 + score + (ownRefs.includes(source.n) ? OWN_PASSAGE_BONUS : 0);
      // A partial match must also share more of the claim's words than the quotes cited now: a quote
      // the claim misreads (say, drops its "without") is still its source, and a sentence that merely
      // lacks the negation it contradicts is no better.
      if (level <= floor || (level < LEVEL.supported && score <= citedOverlap) || rank <= bestRank) continue;
      best = { source, sentence, score };
      bestRank = rank;
    }
  }
  return best;
}

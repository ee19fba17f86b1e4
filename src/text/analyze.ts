import { stemmer } from 'stemmer';
import { LEXICON } from './lexicon.js';
import { normalizeText } from './normalize.js';
import { STOPWORDS } from './stopwords.js';

const WORD_RE = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

/** Lower-cased words of normalised text, possessive "'s" dropped, hyphenated words split. */
export function words(text: string): string[] {
  const out: string[] = [];
  // "40%" → "40 percent", so a question about a percentage meets the figure.
  const prepared = normalizeText(text)
    .toLowerCase()
    .replace(/(\d)\s*%/g, '$1 percent ')
    .replace(/\bper cent\b/g, 'percent');
  for (const m of prepared.matchAll(WORD_RE)) {
    const w = m[0];
    out.push(w.includes("'") ? w.replace(/'s$/, '').replace(/'/g, '') : w);
  }
  return out;
}

// Irregular plurals, and words Porter would conflate with another (evident → evid, like evidence; signed → sign, like "signs of progress").
const IRREGULAR: Record<string, string> = {
  children: 'child',
  people: 'person',
  women: 'woman',
  men: 'man',
  staffs: 'staff',
  evident: 'evident',
  evidently: 'evident',
  signed: 'signed',
};

/** Words the stemmer is told to keep apart from their base form ("signed" is not "signs"). */
export function keepsOwnStem(word: string): boolean {
  return Object.hasOwn(IRREGULAR, word) && IRREGULAR[word] === word;
}

/** Names the stemming: anything keyed by stems (the word-vector table) is rebuilt when it changes. */
export const STEMMER_ID = `porter-2.0.1+${Object.entries(IRREGULAR)
  .map(([w, s]) => `${w}=${s}`)
  .join(',')}`;

// Porter is the costliest step of analysis and a corpus has a bounded vocabulary: remember stems.
const STEMS = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

export function stem(word: string): string {
  let s = STEMS.get(word);
  if (s === undefined) {
    // hasOwn: a word such as "constructor" must not find Object.prototype's members.
    s = /^\d/.test(word) ? word : Object.hasOwn(IRREGULAR, word) ? (IRREGULAR[word] as string) : stemmer(word);
    if (STEMS.size >= STEM_CACHE_LIMIT) STEMS.clear();
    STEMS.set(word, s);
  }
  return s;
}

interface Phrase {
  concept: string;
  stems: string[];
}

const PHRASES: Phrase[] = Object.entries(LEXICON).flatMap(([concept, phrases]) => phrases.map((p) => ({ concept, stems: words(p).map(stem) })));
const PHRASES_BY_FIRST = new Map<string, Phrase[]>();
for (const p of PHRASES) {
  const first = p.stems[0];
  if (first === undefined) continue;
  const list = PHRASES_BY_FIRST.get(first) ?? [];
  list.push(p);
  PHRASES_BY_FIRST.set(first, list);
}

export const CONCEPT_PREFIX = '~';

export interface Analysis {
  /** Stems of content words, in order (stopwords removed). */
  terms: string[];
  /** Lexicon concepts found, as `~name`, once per occurrence. */
  concepts: string[];
  /** Where each concept occurrence came from: content stems of the matched phrase. */
  conceptSources: { concept: string; stems: string[] }[];
}

/** The one analysis every index and the answerer share: normalise, split, stem, map the lexicon. */
export function analyze(text: string): Analysis {
  const ws = words(text);
  const stems = ws.map(stem);
  const concepts: string[] = [];
  const conceptSources: Analysis['conceptSources'] = [];
  for (let i = 0; i < stems.length; i++) {
    const phrases = PHRASES_BY_FIRST.get(stems[i] as string);
    if (!phrases) continue;
    const here = new Map<string, number>();
    for (const p of phrases) {
      if (p.stems.every((s, j) => stems[i + j] === s)) {
        const c = CONCEPT_PREFIX + p.concept;
        here.set(c, Math.max(here.get(c) ?? 0, p.stems.length));
      }
    }
    for (const [c, len] of here) {
      concepts.push(c);
      const span = ws.slice(i, i + len).filter((w) => !STOPWORDS.has(w) && w.length > 1);
      conceptSources.push({ concept: c, stems: span.map(stem) });
    }
  }
  const terms: string[] = [];
  ws.forEach((w, i) => {
    if (!STOPWORDS.has(w) && w.length > 1) terms.push(stems[i] as string);
  });
  return { terms, concepts, conceptSources };
}

/** Terms plus concepts: what a sparse index stores for a text. */
export function indexTerms(text: string): string[] {
  return indexTermsOf(analyze(text));
}

/** indexTerms of a text already analysed. */
export function indexTermsOf(a: Analysis): string[] {
  return [...a.terms, ...new Set(a.concepts)];
}

/** Content words as written, each with its stem: the words behind analyze().terms, in the same order. */
export function contentWords(text: string): { word: string; stem: string }[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w) && w.length > 1)
    .map((w) => ({ word: w, stem: stem(w) }));
}

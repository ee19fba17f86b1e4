import { keepsOwnStem, stem } from '../analyze.js';
import { wordVectors } from './word-vector-cache.js';
import { wordNet } from './wordnet.js';

/**
 * How close two words are in meaning, 0..1, apart from sharing a stem (which is 1). WordNet's
 * links count high; otherwise the pretrained vectors' cosine counts along a ramp, so related but
 * different words ("police" / "court", cosine 0.58) stay well below a real paraphrase.
 */
export const SIMILARITY = {
  /** Another form of the same word that the stemmer does not undo: "led" / "lead", "children" / "child". */
  lemma: 0.9,
  /** Words of one WordNet synset: "kid" / "child". */
  synonym: 0.8,
  /** One WordNet link apart: "dad" / "father", "hard" / "difficult" as similar-to. */
  near: 0.65,
  /** Cosine at or below which vectors say nothing. */
  vectorFloor: 0.55,
  /** Cosine at which vectors count their most. */
  vectorCeiling: 0.8,
  vectorMax: 0.7,
} as const;

export function vectorSimilarity(cosine: number): number {
  const { vectorFloor: lo, vectorCeiling: hi, vectorMax } = SIMILARITY;
  if (cosine <= lo) return 0;
  return vectorMax * Math.min(1, (cosine - lo) / (hi - lo));
}

const stemsCache = new Map<string, Map<string, number>>();

/** Stems WordNet relates to a word, with their similarity (the word's own stem left out). */
export function wordNetStems(word: string): Map<string, number> {
  const cached = stemsCache.get(word);
  if (cached) return cached;
  const own = stem(word);
  const out = new Map<string, number>();
  if (stemsCache.size > 20_000) stemsCache.clear();
  stemsCache.set(word, out);
  const wn = wordNet();
  if (!wn) return out;
  for (const [w, relation] of wn.related(word)) {
    for (const part of w.split('-')) {
      const s = stem(part);
      if (s === own || part.length < 3) continue;
      const sim = relation === 'synonym' ? SIMILARITY.synonym : SIMILARITY.near;
      if ((out.get(s) ?? 0) < sim) out.set(s, sim);
      // A hyphenated lemma ("well-being") lends only its whole meaning, not each half's.
      if (w.includes('-')) break;
    }
  }
  return out;
}

/** Stems of the word's base forms that differ from its own stem ("led" → "lead"). */
export function lemmaStems(word: string): string[] {
  const own = stem(word);
  const wn = wordNet();
  if (!wn || keepsOwnStem(word)) return [];
  return [...new Set(wn.lemmas(word).map((l) => stem(l.lemma)))].filter((s) => s !== own);
}

const antonymCache = new Map<string, Set<string>>();

/** Stems of the word's WordNet opposites. */
export function antonymStems(word: string): Set<string> {
  let out = antonymCache.get(word);
  if (!out) {
    out = new Set([...(wordNet()?.antonyms(word) ?? [])].map((w) => stem(w)));
    if (antonymCache.size > 20_000) antonymCache.clear();
    antonymCache.set(word, out);
  }
  return out;
}

/** Similarity of two words given as surface word and stem: 1 for one stem, else WordNet or vectors. */
export function wordSimilarity(a: { word: string; stem: string }, b: { word: string; stem: string }): number {
  if (a.stem === b.stem) return 1;
  if (lemmaStems(a.word).includes(b.stem) || lemmaStems(b.word).includes(a.stem)) return SIMILARITY.lemma;
  // Opposites share contexts, so their vectors lie close ("low" / "high"): they never stand in for each other.
  if (antonymStems(a.word).has(b.stem) || antonymStems(b.word).has(a.stem)) return 0;
  const viaWordNet = Math.max(wordNetStems(a.word).get(b.stem) ?? 0, wordNetStems(b.word).get(a.stem) ?? 0);
  const cos = wordVectors()?.cosine(a.stem, b.stem);
  return Math.max(viaWordNet, cos === null || cos === undefined ? 0 : vectorSimilarity(cos));
}

/** Numbers, years and ordinals: a figure matches only itself. */
export function isFigure(word: string): boolean {
  return /\d/.test(word);
}

/** WordNet knows the word only as a proper name ("kent", "bradford"): names match only exactly. */
export function isProperName(word: string): boolean {
  return wordNet()?.isProperName(word) ?? false;
}

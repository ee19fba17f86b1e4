import { createHash } from 'node:crypto';
import { type Analysis, analyze, words } from '../text/analyze.js';
import { LEXICON } from '../text/lexicon.js';
import { STOPWORDS } from '../text/stopwords.js';
import type { Embedder, TermWeight } from './embedder.js';

const VERSION = 1;
const WEIGHTS = { term: 1, concept: 0.8, bigram: 0.5, charGrams: 0.35 };

/**
 * The built-in offline embedder: stems, stem bigrams, lexicon concepts and character n-grams,
 * hashed with signs into a dense vector and L2-normalised. Passage vectors use sublinear term
 * frequency only, so adding a letter never changes another letter's vectors; queries carry the
 * corpus's inverse document frequencies instead (see embedQuery).
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;

  constructor(readonly dimensions = 768) {
    const vocabulary = createHash('sha256')
      .update(JSON.stringify([LEXICON, [...STOPWORDS], WEIGHTS]))
      .digest('hex')
      .slice(0, 8);
    this.id = `builtin-hash-v${VERSION}-${dimensions}-${vocabulary}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vectorFor(t));
  }

  async embedQuery(text: string, termWeight?: TermWeight): Promise<number[]> {
    return this.vectorFor(text, termWeight);
  }

  /**
   * A passage's vector written into `out` at `offset` (the same values embed returns), and the
   * analysis it was made from: a build takes the passage's index terms from it instead of
   * analysing the text a second time.
   */
  passageInto(text: string, out: Float64Array, offset: number): Analysis {
    const analysis = analyze(text);
    this.hashInto(this.featuresOf(text, analysis), out, offset);
    return analysis;
  }

  /** Feature name → weight, before hashing. Exposed for tests and for explaining matches. */
  features(text: string): Map<string, number> {
    return this.featuresOf(text, analyze(text));
  }

  private featuresOf(text: string, { terms, concepts }: Analysis): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (f: string, w: number) => counts.set(f, (counts.get(f) ?? 0) + w);
    for (const t of terms) add(t, WEIGHTS.term);
    for (const c of concepts) add(c, WEIGHTS.concept);
    for (let i = 1; i < terms.length; i++) add(`${terms[i - 1]}_${terms[i]}`, WEIGHTS.bigram);
    for (const w of words(text)) {
      if (STOPWORDS.has(w) || w.length < 4) continue;
      const grams = charGrams(w);
      for (const g of grams) add(`#${g}`, WEIGHTS.charGrams / grams.length);
    }
    // Sublinear: a word said five times is not five times as relevant.
    for (const [f, c] of counts) if (c > 1) counts.set(f, 1 + Math.log(c));
    return counts;
  }

  private vectorFor(text: string, termWeight?: TermWeight): number[] {
    const v = new Float64Array(this.dimensions);
    this.hashInto(this.features(text), v, 0, termWeight);
    return Array.from(v);
  }

  /** Hashes features into out[offset, offset + dimensions) (all zeros there on entry), L2-normalised. */
  private hashInto(features: Map<string, number>, out: Float64Array, offset: number, termWeight?: TermWeight): void {
    const d = this.dimensions;
    for (const [feature, weight] of features) {
      const h = fnv1a(feature);
      const sign = h & 0x80000000 ? -1 : 1;
      const w = termWeight ? weight * termWeight(feature.startsWith('#') ? feature : baseTerm(feature)) : weight;
      out[offset + (h % d)] = (out[offset + (h % d)] as number) + sign * w;
    }
    let norm = 0;
    for (let j = offset; j < offset + d; j++) norm += (out[j] as number) * (out[j] as number);
    norm = Math.sqrt(norm) || 1;
    for (let j = offset; j < offset + d; j++) out[j] = (out[j] as number) / norm;
  }
}

/** A bigram's weight is its rarer half's. */
function baseTerm(feature: string): string {
  return feature.includes('_') ? (feature.split('_')[1] as string) : feature;
}

function charGrams(word: string): string[] {
  const padded = `<${word}>`;
  const out: string[] = [];
  for (let n = 3; n <= 4; n++) for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
  return out;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

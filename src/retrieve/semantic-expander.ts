import { CONCEPT_PREFIX } from '../text/analyze.js';
import { antonymStems, lemmaStems, SIMILARITY, vectorSimilarity, wordNetStems } from '../text/semantics/similarity.js';
import { wordVectors } from '../text/semantics/word-vector-cache.js';
import type { WordVectors } from '../text/semantics/word-vectors.js';
import type { TermStats } from './term-stats.js';

/** How many of a word's nearest corpus words by vector it may stand for. */
const VECTOR_NEIGHBOURS = 8;
const MIN_SIMILARITY = 0.3;
/** Vector cosines over which a WordNet link goes from doubtful to taken as the sense in use. */
const CONFIRMATION = { from: 0.3, to: 0.5 };
/** A WordNet link between words the vectors do not know counts for this share. */
const UNCONFIRMED_LINK = 0.7;
/**
 * Only words the letters use in at most this share of passages get stand-ins: a word they use
 * often is found by its own occurrences, and the stand-ins of common words are mostly noise.
 */
const EXPAND_BELOW_SHARE = 0.02;

function confirmation(cos: number): number {
  return Math.max(0, Math.min(1, (cos - CONFIRMATION.from) / (CONFIRMATION.to - CONFIRMATION.from)));
}

/**
 * A question word's stand-ins in one corpus: the corpus's stems that WordNet relates to it or
 * whose pretrained vectors lie close to its own, each with a similarity below 1. Built per
 * snapshot (the vocabulary is the index's); the vector scan over the vocabulary is made once,
 * lazily, and each word's answer is remembered.
 */
export class SemanticExpander {
  private vocabulary: { stems: string[]; vectors: Int8Array; scales: Float32Array } | null = null;
  private readonly cache = new Map<string, Map<string, number>>();
  private readonly vectors: WordVectors | null;

  constructor(private readonly stats: TermStats) {
    this.vectors = wordVectors();
  }

  /** Corpus stems standing in for the word (never its own stem), best first. */
  expand(word: string, stem: string): Map<string, number> {
    const key = `${word}\u0000${stem}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const out = new Map<string, number>();
    // Another form of the word itself ("led" for "lead") always counts.
    for (const s of lemmaStems(word)) if (this.stats.documentFrequency(s) > 0) out.set(s, SIMILARITY.lemma);
    if (this.stats.documentFrequency(stem) > EXPAND_BELOW_SHARE * this.stats.documents) {
      this.cache.set(key, out);
      return out;
    }
    const opposites = antonymStems(word);
    const put = (s: string, sim: number) => {
      if (!opposites.has(s) && s !== stem && sim >= MIN_SIMILARITY && this.stats.documentFrequency(s) > 0 && (out.get(s) ?? 0) < sim) out.set(s, sim);
    };
    for (const [s, sim] of wordNetStems(word)) {
      // WordNet relates a word by every sense it has; the vectors say which sense letters and
      // questions mean ("support" is not "frequent" here): a link the vectors do not back is dropped.
      const cos = this.vectors?.cosine(stem, s);
      if (cos === null || cos === undefined) put(s, sim * UNCONFIRMED_LINK);
      else put(s, Math.max(sim * confirmation(cos), vectorSimilarity(cos)));
    }
    for (const [s, sim] of this.nearestByVector(stem)) put(s, sim);
    const sorted = new Map([...out].sort((a, b) => b[1] - a[1]));
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, sorted);
    return sorted;
  }

  private nearestByVector(stem: string): [string, number][] {
    const wv = this.vectors;
    if (!wv) return [];
    const row = wv.indexOf(stem);
    if (row < 0) return [];
    const vocab = this.vocabularyMatrix(wv);
    const { vector: q, scale: qs } = wv.row(row);
    const d = wv.dims;
    const best: [string, number][] = [];
    const { stems, vectors, scales } = vocab;
    // Below this dot product (before scaling) a word cannot reach the floor: skip the sort.
    for (let i = 0; i < stems.length; i++) {
      let dot = 0;
      for (let j = 0, p = i * d; j < d; j++) dot += (q[j] as number) * (vectors[p + j] as number);
      const cos = dot * qs * (scales[i] as number);
      if (cos <= SIMILARITY.vectorFloor) continue;
      best.push([stems[i] as string, vectorSimilarity(cos)]);
    }
    return best.sort((a, b) => b[1] - a[1]).slice(0, VECTOR_NEIGHBOURS);
  }

  private vocabularyMatrix(wv: WordVectors) {
    if (!this.vocabulary) {
      const stems: string[] = [];
      const rows: number[] = [];
      for (const t of this.stats.terms()) {
        if (t.startsWith(CONCEPT_PREFIX) || /\d/.test(t)) continue;
        const row = wv.indexOf(t);
        if (row < 0) continue;
        stems.push(t);
        rows.push(row);
      }
      this.vocabulary = { stems, ...wv.rows(rows) };
    }
    return this.vocabulary;
  }
}

import { analyze } from '../text/analyze.js';
import type { TermStats } from '../retrieve/term-stats.js';

/** Words that frame a question rather than name its topic. */
const FRAMING = new Set(['say', 'said', 'find', 'found', 'letter', 'ofst', 'think', 'view', 'describ', 'mention', 'report', 'tell', 'happen', 'wai', 'good', 'enough', 'state', 'like', 'work', 'know', 'compar', 'chang', 'visit', 'inspect']);

export interface WeightedTerm {
  term: string;
  weight: number;
  /** No body paragraph of any letter contains it. */
  unseen: boolean;
}

/**
 * The question's topical terms with IDF weights. Lexicon concepts stand in for their words:
 * a question word that only matches through a concept is not "unseen".
 */
export function questionTerms(question: string, stats: TermStats): WeightedTerm[] {
  const { terms, concepts } = analyze(question);
  const out = new Map<string, WeightedTerm>();
  const conceptSeen = concepts.some((c) => stats.documentFrequency(c) > 0);
  for (const t of terms) {
    if (FRAMING.has(t) || out.has(t)) continue;
    const unseen = stats.documentFrequency(t) === 0;
    out.set(t, { term: t, weight: stats.idf(t), unseen });
  }
  for (const c of new Set(concepts)) {
    if (stats.documentFrequency(c) > 0) out.set(c, { term: c, weight: 0.7 * stats.idf(c), unseen: false });
  }
  // A word the lexicon maps onto a concept the letters use is a paraphrase, not an unknown topic.
  if (conceptSeen) {
    for (const w of out.values()) if (w.unseen && conceptWords(question).has(w.term)) w.unseen = false;
  }
  return [...out.values()];
}

function conceptWords(question: string): Set<string> {
  const words = new Set<string>();
  const { terms, concepts } = analyze(question);
  if (concepts.length === 0) return words;
  // Terms that alone produce a concept.
  for (const t of terms) if (analyze(t).concepts.length > 0) words.add(t);
  return words;
}

/** Weighted share of the question's terms found in a set of passage terms. */
export function coverage(terms: WeightedTerm[], present: Set<string>): number {
  let total = 0;
  let hit = 0;
  for (const t of terms) {
    total += t.weight;
    if (present.has(t.term)) hit += t.weight;
  }
  return total === 0 ? 0 : hit / total;
}

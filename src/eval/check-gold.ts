import type { Library } from '../store/library.js';
import { type DevQuestion, goldPhrases, needsOtherLetters, normForMatch } from './dev-set.js';

export interface GoldProblem {
  id: string;
  problem: string;
}

/**
 * Every gold phrase of a set is found, after the eval's normalisation, inside one paragraph of the
 * letter it names (any letter for "*"). A phrase no paragraph holds could never be hit, so a set
 * with one is wrong, not hard: the eval and its gate refuse to score it.
 */
export function checkGold(library: Library, devSet: DevQuestion[]): GoldProblem[] {
  const problems: GoldProblem[] = [];
  const cache = new Map<string, string[] | null>();
  const paragraphs = (letterId: string) => {
    if (!cache.has(letterId)) {
      const letter = library.letter(letterId);
      cache.set(letterId, letter ? library.chunksOf(letterId).map((c) => normForMatch(letter.text.slice(c.start, c.end))) : null);
    }
    return cache.get(letterId) ?? null;
  };
  const all = () => library.letters.flatMap((l) => paragraphs(l.id) ?? []);
  const seen = new Set<string>();
  for (const q of devSet) {
    if (seen.has(q.id)) problems.push({ id: q.id, problem: 'id used twice' });
    seen.add(q.id);
    if (q.kind === 'unanswerable' && q.gold.length > 0) problems.push({ id: q.id, problem: 'an unanswerable question has gold' });
    if (q.kind !== 'unanswerable' && q.gold.length === 0) problems.push({ id: q.id, problem: 'an answerable question has no gold' });
    for (const g of q.gold) {
      const paras = g.letterId === '*' ? all() : paragraphs(g.letterId);
      if (!paras) {
        problems.push({ id: q.id, problem: `no letter "${g.letterId}"` });
        continue;
      }
      for (const p of goldPhrases(g)) {
        if (!paras.some((t) => t.includes(normForMatch(p)))) problems.push({ id: q.id, problem: `"${p}" is in no paragraph of ${g.letterId}` });
      }
    }
  }
  return problems;
}

/**
 * Whether a question can only be answered from letters the library lacks: it names one, or its
 * gold is "any letter" and no loaded letter holds the phrase (a question asked across the real
 * letters, run in a clone that has only the seeds). Such questions are skipped, not scored.
 */
export function needsLettersOutside(library: Library, q: DevQuestion): boolean {
  if (needsOtherLetters(q, new Set(library.letters.map((l) => l.id)))) return true;
  return q.gold.some((g) => g.letterId === '*') && checkGold(library, [q]).length > 0;
}

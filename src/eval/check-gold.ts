import type { Library } from '../store/library.js';
import { type DevQuestion, goldPhrases, needsOtherLetters, normForMatch } from './dev-set.js';

export interface GoldProblem {
  id: string;
  problem: string;
}

/** Letters read ahead at once: a database gives texts only when asked, so one query per batch, not per letter. */
const READ_BATCH = 64;

/**
 * The paragraphs of letters, normalised as the eval matches them (null for a letter the library
 * lacks). A database-backed library gives texts and chunk records only when read ahead, so `read`
 * reads the letters asked for in batches first; `of` and `all` then answer synchronously. One
 * instance can serve many checks: a letter's paragraphs are worked out once.
 */
export class GoldParagraphs {
  private readonly cache = new Map<string, string[] | null>();

  constructor(private readonly library: Library) {}

  async read(letterIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(letterIds)].filter((id) => !this.cache.has(id));
    for (let i = 0; i < missing.length; i += READ_BATCH) {
      const batch = missing.slice(i, i + READ_BATCH);
      await this.library.loadTexts(batch);
      for (const id of batch) {
        const letter = this.library.letter(id);
        this.cache.set(id, letter ? this.library.chunksOf(id).map((c) => normForMatch(letter.text.slice(c.start, c.end))) : null);
      }
    }
  }

  /** Every letter's paragraphs: reads ahead the ones not read yet. */
  async readAll(): Promise<void> {
    await this.read(this.library.letters.map((l) => l.id));
  }

  /** A letter's paragraphs; it must have been read (read). */
  of(letterId: string): string[] | null {
    const paras = this.cache.get(letterId);
    if (paras === undefined) throw new Error(`the paragraphs of "${letterId}" were not read ahead (GoldParagraphs.read)`);
    return paras;
  }

  /** Every letter's paragraphs, in the library's order; they must have been read (readAll). */
  all(): string[] {
    return this.library.letters.flatMap((l) => this.of(l.id) ?? []);
  }
}

/**
 * Every gold phrase of a set is found, after the eval's normalisation, inside one paragraph of the
 * letter it names (any letter for "*"). A phrase no paragraph holds could never be hit, so a set
 * with one is wrong, not hard: the eval and its gate refuse to score it. The letters named are
 * read ahead in batches (every letter when some gold is "*"), so a database-backed library works.
 */
export async function checkGold(library: Library, devSet: DevQuestion[], paragraphs = new GoldParagraphs(library)): Promise<GoldProblem[]> {
  const gold = devSet.flatMap((q) => q.gold);
  await paragraphs.read(gold.flatMap((g) => (g.letterId === '*' ? [] : [g.letterId])));
  if (gold.some((g) => g.letterId === '*')) await paragraphs.readAll();
  const problems: GoldProblem[] = [];
  const seen = new Set<string>();
  for (const q of devSet) {
    if (seen.has(q.id)) problems.push({ id: q.id, problem: 'id used twice' });
    seen.add(q.id);
    if (q.kind === 'unanswerable' && q.gold.length > 0) problems.push({ id: q.id, problem: 'an unanswerable question has gold' });
    if (q.kind !== 'unanswerable' && q.gold.length === 0) problems.push({ id: q.id, problem: 'an answerable question has no gold' });
    for (const g of q.gold) {
      const paras = g.letterId === '*' ? paragraphs.all() : paragraphs.of(g.letterId);
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
 * Pass one GoldParagraphs to many calls so the letters are read (and normalised) once.
 */
export async function needsLettersOutside(library: Library, q: DevQuestion, paragraphs = new GoldParagraphs(library)): Promise<boolean> {
  if (needsOtherLetters(q, new Set(library.letters.map((l) => l.id)))) return true;
  return q.gold.some((g) => g.letterId === '*') && (await checkGold(library, [q], paragraphs)).length > 0;
}

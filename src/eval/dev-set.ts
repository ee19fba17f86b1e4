import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { normalizeText } from '../text/normalize.js';

/**
 * Question kinds. `topic` is the old sets' name for what the new sets split into `paraphrase`
 * (everyday words that avoid the letter's words) and `analyst` (summaries, what is going well or
 * must improve, what changed, grades, questions scoped by authority, year or kind of visit).
 */
export const QUESTION_KINDS = ['fact', 'paraphrase', 'analyst', 'topic', 'compare', 'unanswerable'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

const devQuestionSchema = z.object({
  id: z.string(),
  question: z.string().min(1),
  kind: z.enum(QUESTION_KINDS),
  /** Verbatim phrases (up to whitespace and quote style) that an answer must draw on; letterId "*" = any letter; a list of phrases = any of them; several entries = all of them. Empty: unanswerable. */
  gold: z.array(z.object({ letterId: z.string(), phrase: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]) })),
});

export type DevQuestion = z.infer<typeof devQuestionSchema>;

export async function loadDevSet(file: string): Promise<DevQuestion[]> {
  const text = await readFile(file, 'utf8');
  try {
    return z.array(devQuestionSchema).parse(JSON.parse(text));
  } catch (err) {
    throw new Error(
      `${file}: not a valid question set (${err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (err as Error).message})`,
    );
  }
}

export function goldPhrases(g: DevQuestion['gold'][number]): string[] {
  return typeof g.phrase === 'string' ? [g.phrase] : g.phrase;
}

/** How the eval compares gold phrases with passages: the project's normalisation, lower-cased. */
export function normForMatch(s: string): string {
  return normalizeText(s).toLowerCase();
}

export type Half = 'tune' | 'measure';
export const HALVES: readonly Half[] = ['tune', 'measure'];

/**
 * The fixed split of a set into a half to tune on and a half only to measure: by the number the
 * question's id ends in, odd → tune, even → measure. Computed, never hand-assigned, so a question
 * cannot move to the half where it scores better.
 */
export function halfOf(id: string): Half {
  const n = /(\d+)$/.exec(id)?.[1];
  if (n === undefined) throw new Error(`question id "${id}" does not end in a number, so it has no half`);
  return Number(n) % 2 === 1 ? 'tune' : 'measure';
}

/** Whether a question names a letter outside the given ones (the seeds): then it needs the real letters loaded. */
export function needsOtherLetters(q: DevQuestion, letterIds: ReadonlySet<string>): boolean {
  return q.gold.some((g) => g.letterId !== '*' && !letterIds.has(g.letterId));
}

import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const devQuestionSchema = z.object({
  id: z.string(),
  question: z.string().min(1),
  kind: z.enum(['fact', 'topic', 'compare', 'unanswerable']),
  /** Verbatim phrases (up to whitespace and quote style) that an answer must draw on; letterId "*" = any letter; a list of phrases = any of them. Empty: unanswerable. */
  gold: z.array(z.object({ letterId: z.string(), phrase: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]) })),
});

export type DevQuestion = z.infer<typeof devQuestionSchema>;

export async function loadDevSet(file: string): Promise<DevQuestion[]> {
  return z.array(devQuestionSchema).parse(JSON.parse(await readFile(file, 'utf8')));
}

export function goldPhrases(g: DevQuestion['gold'][number]): string[] {
  return typeof g.phrase === 'string' ? [g.phrase] : g.phrase;
}

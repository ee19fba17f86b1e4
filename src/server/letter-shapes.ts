import type { Chunk } from '../chunk/chunk.js';
import type { Letter, LetterMetadata } from '../corpus/letter.js';
import type { Grade } from '../text/grades.js';

/** One letter of GET /api/letters: what the letters page and the chat page's filters show. */
export type LetterSummary = Pick<Letter, 'id' | 'kind' | 'title' | 'date' | 'authority' | 'place' | 'visitNumber' | 'visitDates' | 'inspectionDates' | 'sha256'> & {
  paragraphs: number;
  /** An inspection report's overall effectiveness grade; null when the document gives none. */
  grade: Grade | null;
};

/** The overall effectiveness row of a judgement table, else the only row there is. */
export function overallGrade(judgements: LetterMetadata['judgements']): Grade | null {
  if (!judgements?.length) return null;
  const overall = judgements.find((j) => /\boverall\b/i.test(j.area)) ?? (judgements.length === 1 ? judgements[0] : undefined);
  return overall?.grade ?? null;
}

/** GET /api/letters/:id: every field read from the letter, its text, and its paragraphs by offsets. */
export type LetterView = LetterMetadata &
  Pick<Letter, 'id' | 'sha256' | 'text'> & {
    paragraphs: Pick<Chunk, 'n' | 'start' | 'end' | 'section' | 'kind'>[];
    /** How the text is written: a markdown file's emphasis is markup to display, not words. */
    format: 'markdown' | 'text';
  };

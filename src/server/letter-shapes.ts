import type { Chunk } from '../chunk/chunk.js';
import type { Letter } from '../corpus/letter.js';

/** One letter of GET /api/letters: what the letters page and the chat page's filters show. */
export type LetterSummary = Pick<Letter, 'id' | 'title' | 'date' | 'authority' | 'visitNumber' | 'sha256'> & { paragraphs: number };

/** GET /api/letters/:id: the letter page draws the text and marks its paragraphs by offsets. */
export type LetterView = Pick<Letter, 'id' | 'title' | 'date' | 'authority' | 'recipient' | 'visitDates' | 'visitNumber' | 'inspectors' | 'sha256' | 'text'> & {
  paragraphs: Pick<Chunk, 'n' | 'start' | 'end' | 'section' | 'kind'>[];
};

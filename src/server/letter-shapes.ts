import type { Chunk } from '../chunk/chunk.js';
import type { Letter, LetterMetadata } from '../corpus/letter.js';

/** One letter of GET /api/letters: what the letters page and the chat page's filters show. */
export type LetterSummary = Pick<Letter, 'id' | 'kind' | 'title' | 'date' | 'authority' | 'place' | 'visitNumber' | 'sha256'> & { paragraphs: number };

/** GET /api/letters/:id: every field read from the letter, its text, and its paragraphs by offsets. */
export type LetterView = LetterMetadata &
  Pick<Letter, 'id' | 'sha256' | 'text'> & {
    paragraphs: Pick<Chunk, 'n' | 'start' | 'end' | 'section' | 'kind'>[];
    /** How the text is written: a markdown file's emphasis is markup to display, not words. */
    format: 'markdown' | 'text';
  };

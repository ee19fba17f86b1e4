import type { Passage } from './judgement-line.js';

/** One letter of GET /api/timeline, oldest first: its headline judgement and what it says on the question. */
export interface TimelineEntry {
  letterId: string;
  date: string | null;
  visitNumber: number | null;
  title: string | null;
  judgement: Passage | null;
  /** The best sentence on the topic in this letter, or null when the letter says nothing about it. */
  passage: (Passage & { section: string | null }) | null;
}

import type { Claim, ClaimCheck } from '../claims/claim-types.js';
import type { Citation } from '../corpus/citation.js';
import type { LetterFilter } from '../corpus/letter-filter.js';
import type { SearchHit } from '../retrieve/search-types.js';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface AnswerRequest extends LetterFilter {
  question: string;
  topK: number;
  history?: ChatTurn[] | undefined;
}

export interface Answer {
  answer: string;
  found: boolean;
  citations: Citation[];
  mode: 'extractive' | 'llm';
  model?: string;
  /** The standalone question this answers, when a follow-up was rewritten with the one before ("And in 2018?"). */
  answeredQuestion?: string;
  /** Set when the filters (authority, kind, dates, letters) match no letter: nothing was searched. */
  noLetterMatches?: true;
  degraded?: { reason: string };
  /** Passages that touch the question when found is false. */
  related?: SearchHit[];
  /** Each claim of the answer with its verdict against the quotes it cites. */
  claims?: Claim[];
  /** With VERIFY_WITH_MODEL: whether a model judged the claims too, or why not. */
  claimCheck?: ClaimCheck;
  tookMs: number;
}

/** Events of a streamed answer, in order: citations, delta*, done (or error). */
export type AnswerEvent =
  /** The passages are found and a model is writing the answer from them (model mode only; before its first words). */
  | { type: 'writing' }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'delta'; text: string }
  | { type: 'done'; answer: Answer }
  | { type: 'error'; code: string; message: string };

/** An answer before it is timed and its claims checked. */
export type DraftAnswer = Omit<Answer, 'tookMs'>;

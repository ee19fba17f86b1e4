import type { Citation } from '../corpus/citation.js';
import type { DraftAnswer } from './answer-types.js';

/**
 * An answer as it is produced: `writing` when the passages are found and a model starts on them,
 * citations, then text pieces, then the final draft (timed by the service).
 */
export type DraftEvent = { type: 'writing' } | { type: 'citations'; citations: Citation[] } | { type: 'delta'; text: string } | { type: 'done'; draft: DraftAnswer };

/** Events for an answer that is already complete; the deltas concatenate to draft.answer. */
export function* eventsOf(draft: DraftAnswer): Generator<DraftEvent> {
  yield { type: 'citations', citations: draft.citations };
  for (const piece of draft.answer.match(/\s*\S+/g) ?? []) yield { type: 'delta', text: piece };
  yield { type: 'done', draft };
}

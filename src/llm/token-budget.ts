import type { ChatTurn } from '../answer/answer-types.js';
import { countTextTokens } from '../text/count-tokens.js';
import { sentenceSpans } from '../text/sentence-spans.js';
import type { ChatMessage } from './chat-model.js';
import { type AnswerPromptInput, buildAnswerMessages, formatPassage, type PromptPassage } from './prompt.js';

/** Per-message framing tokens in the chat format (role, separators); a safe over-estimate. */
const PER_MESSAGE = 4;
const PER_REPLY = 3;
/** Turns of history kept at most, newest first; older ones rarely help and cost tokens. */
const MAX_HISTORY_TURNS = 6;

export function countMessageTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + PER_MESSAGE + countTextTokens(m.content), PER_REPLY);
}

export interface FittedPrompt {
  messages: ChatMessage[];
  /** The passages that made it in, numbered 1..k: the only valid citation numbers. */
  passages: PromptPassage[];
  tokens: number;
}

/**
 * Builds the answer prompt within `budget` tokens. History goes first (oldest turns), then the
 * lowest-ranked passages; if even the best passage alone is too long it is cut at a sentence end.
 */
export function fitAnswerPrompt(input: AnswerPromptInput, budget: number): FittedPrompt {
  let history: ChatTurn[] = (input.history ?? []).slice(-MAX_HISTORY_TURNS);
  const base = (h: ChatTurn[]) => countMessageTokens(buildAnswerMessages({ ...input, history: h, passages: [] }));
  while (history.length > 0 && base(history) > budget / 2) history = history.slice(1);

  // Passages are counted one by one (a newline joins them); the whole prompt is counted once at the end.
  const baseTokens = base(history);
  const kept: PromptPassage[] = [];
  let tokens = baseTokens;
  for (const p of input.passages) {
    const candidate = { ...p, n: kept.length + 1 };
    const cost = countTextTokens(formatPassage(candidate)) + 1;
    if (tokens + cost <= budget) {
      kept.push(candidate);
      tokens += cost;
      continue;
    }
    if (kept.length === 0) {
      const cut = truncateToFit(candidate, budget - tokens);
      if (cut) kept.push(cut);
    }
    break;
  }
  let messages = buildAnswerMessages({ ...input, history, passages: kept });
  tokens = countMessageTokens(messages);
  while (tokens > budget && kept.length > 1) {
    kept.pop();
    messages = buildAnswerMessages({ ...input, history, passages: kept });
    tokens = countMessageTokens(messages);
  }
  return { messages, passages: kept, tokens };
}

/** The passage's leading sentences that fit in `available` tokens (with a margin for its framing). */
function truncateToFit(p: PromptPassage, available: number): PromptPassage | null {
  const { hit } = p;
  const framing = countTextTokens(formatPassage({ ...p, hit: { ...hit, text: '' } })) + 1;
  let end = -1;
  for (const s of sentenceSpans(hit.text)) {
    if (countTextTokens(hit.text.slice(0, s.end)) + framing > available) break;
    end = s.end;
  }
  if (end <= 0) return null;
  return { ...p, hit: { ...hit, end: hit.start + end, text: hit.text.slice(0, end) } };
}

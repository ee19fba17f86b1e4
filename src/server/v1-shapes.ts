import type { Answer } from '../answer/answer-types.js';
import { formatDate, ordinal } from '../answer/letter-label.js';
import type { Citation } from '../corpus/citation.js';
import { countTextTokens } from '../text/count-tokens.js';

export const ASSISTANT_MODEL_ID = 'letters-assistant';

export interface UrlCitation {
  type: 'url_citation';
  url_citation: { url: string; title: string; start_index: number; end_index: number };
}

/** The letter's page at the paragraph, absolute when a base (the server's origin) is given. */
export function permalink(c: Pick<Citation, 'letterId' | 'paragraph'>, base = ''): string {
  return `${base.replace(/\/+$/, '')}/letters/${encodeURIComponent(c.letterId)}#p${c.paragraph}`;
}

function citationTitle(c: Citation): string {
  const date = formatDate(c.letterDate);
  const visit = c.visitNumber ? ` (${ordinal(c.visitNumber)} monitoring visit)` : '';
  return `${date ? `Letter of ${date}` : `Letter ${c.letterId}`}${visit}, paragraph ${c.paragraph}`;
}

/** One url_citation per [n] marker in content; start/end index the marker itself (end exclusive). URLs are absolute from base. */
export function annotationsFor(content: string, citations: Citation[], base: string): UrlCitation[] {
  const byRef = new Map(citations.map((c) => [c.ref, c]));
  const out: UrlCitation[] = [];
  for (const m of content.matchAll(/\[(\d{1,3})\]/g)) {
    const c = byRef.get(Number(m[1]));
    if (!c) continue;
    const start = m.index ?? 0;
    out.push({ type: 'url_citation', url_citation: { url: permalink(c, base), title: citationTitle(c), start_index: start, end_index: start + m[0].length } });
  }
  return out;
}

/** What the OpenAI shape has no room for: how the answer was made. */
export function answerInfo(answer: Answer) {
  return {
    mode: answer.mode,
    found: answer.found,
    ...(answer.answeredQuestion ? { answeredQuestion: answer.answeredQuestion } : {}),
    ...(answer.noLetterMatches ? { noLetterMatches: true } : {}),
    ...(answer.model ? { model: answer.model } : {}),
    ...(answer.degraded ? { degraded: answer.degraded } : {}),
    ...(answer.related ? { related: answer.related } : {}),
    ...(answer.claimCheck ? { claim_check: answer.claimCheck } : {}),
    tookMs: answer.tookMs,
  };
}

export function usage(promptText: string, content: string) {
  const prompt_tokens = countTextTokens(promptText);
  const completion_tokens = countTextTokens(content);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

/**
 * The message content: the answer, and for a refusal that points at the closest passages, those
 * passages listed in the text (an OpenAI client shows only the content), with links from base.
 */
export function contentOf(answer: Answer, base: string): string {
  if (answer.found || !answer.related?.length) return answer.answer;
  const list = answer.related.map((h) => {
    const date = formatDate(h.letterDate);
    const text = h.text.replace(/\s+/g, ' ').trim();
    const quote = text.length > 300 ? `${text.slice(0, 300).replace(/\s+\S*$/, '')}…` : text;
    return `- ${date ? `Letter of ${date}` : `Letter ${h.letterId}`}, paragraph ${h.paragraph} (${permalink(h, base)}): “${quote}”`;
  });
  return `${answer.answer}\n\nClosest passages:\n${list.join('\n')}`;
}

export function chatCompletion(id: string, created: number, answer: Answer, promptText: string, base: string) {
  const content = contentOf(answer, base);
  return {
    id,
    object: 'chat.completion' as const,
    created,
    model: ASSISTANT_MODEL_ID,
    choices: [
      {
        index: 0,
        message: { role: 'assistant' as const, content, refusal: null, annotations: annotationsFor(content, answer.citations, base) },
        finish_reason: 'stop' as const,
        logprobs: null,
      },
    ],
    usage: usage(promptText, content),
    citations: answer.citations,
    claims: answer.claims ?? [],
    letters_assistant: answerInfo(answer),
  };
}

export function chunk(id: string, created: number, delta: Record<string, unknown>, finishReason: 'stop' | null = null, extra: Record<string, unknown> = {}) {
  return {
    id,
    object: 'chat.completion.chunk' as const,
    created,
    model: ASSISTANT_MODEL_ID,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    ...extra,
  };
}

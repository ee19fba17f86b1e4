import { z } from 'zod';
import type { AnswerRequest, ChatTurn } from '../answer/answer-types.js';
import { badRequest } from './app-error.js';
import { filtersSchema } from './schemas.js';

const textPart = z.object({ type: z.string(), text: z.string().optional() }).passthrough();
const message = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
    content: z.union([z.string(), z.array(textPart), z.null()]).optional(),
  })
  .passthrough();

/** The standard chat-completions body; fields we do not use are accepted and ignored. */
export const chatCompletionBodySchema = z
  .object({
    model: z.string().max(200).optional(),
    messages: z.array(message).min(1, 'must hold at least one message').max(200),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).passthrough().nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    // Our own extensions, named as on /api/answer.
    topK: z.number().int().min(1).max(20).default(5),
    ...filtersSchema,
  })
  .passthrough();

export type ChatCompletionBody = z.infer<typeof chatCompletionBodySchema>;

const MAX_QUESTION = 2000;
const MAX_TURN = 8000;
const MAX_TURNS = 50;

function textOf(content: ChatCompletionBody['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((p) => (p.type === 'text' && p.text ? p.text : '')).join('\n');
}

/** The last user message is the question; the user and assistant turns before it are the history. */
export function toAnswerRequest(body: ChatCompletionBody): AnswerRequest {
  const lastUser = body.messages.findLastIndex((m) => m.role === 'user');
  if (lastUser < 0) throw badRequest('messages: must include a user message');
  const question = textOf(body.messages[lastUser]?.content).trim();
  if (!question) throw badRequest(`messages.${lastUser}.content: must not be empty`);
  if (question.length > MAX_QUESTION) throw badRequest(`messages.${lastUser}.content: must be at most ${MAX_QUESTION} characters`);
  const history: ChatTurn[] = body.messages
    .slice(0, lastUser)
    .filter((m) => m.role === 'user' || m.role === 'assistant')
    .map((m) => ({ role: m.role as ChatTurn['role'], content: textOf(m.content).slice(0, MAX_TURN) }))
    .filter((t) => t.content.trim())
    .slice(-MAX_TURNS);
  return { question, topK: body.topK, letterIds: body.letterIds, from: body.from, to: body.to, authority: body.authority, kind: body.kind, ...(history.length ? { history } : {}) };
}

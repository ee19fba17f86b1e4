import type { ChatTurn } from './answer-types.js';

const FOLLOW_UP = /^(?:and|what about|how about|but|so|also|then)\b|\b(?:it|they|them|this|that|these|those|there|then)\b/i;

/**
 * A standalone search query for a follow-up, offline: a short question that leans on the
 * conversation ("and in 2018?") carries over the last user question's words.
 */
export function condenseQuestion(question: string, history: ChatTurn[] | undefined): string {
  const lastUser = [...(history ?? [])].reverse().find((t) => t.role === 'user');
  if (!lastUser) return question;
  const words = question.trim().split(/\s+/).length;
  if (words > 12 || !(words <= 5 || FOLLOW_UP.test(question))) return question;
  return `${lastUser.content} ${question}`;
}

import type { AnswerContext, ModelAnswerer } from '../../src/answer/answer-service.js';
import type { DraftAnswer } from '../../src/answer/extractive-answerer.js';
import type { Library } from '../../src/library.js';

export const FAKE_MODEL = 'fake-model-1';

/**
 * Stands in for a language model behind the ModelAnswerer interface. A question containing
 * "unreachable" fails like a dead endpoint (the service must fall back); any other question gets
 * one claim quoted from the best passage and one claim the passage does not back.
 */
export class FakeModelAnswerer implements ModelAnswerer {
  constructor(private readonly library: () => Library) {}

  async answer(ctx: AnswerContext): Promise<DraftAnswer> {
    if (/unreachable/i.test(ctx.request.question)) throw new Error('connect ECONNREFUSED 127.0.0.1:9');
    const top = ctx.ranked[0];
    const letter = top && this.library().letter(top.chunk.letterId);
    if (!top || !letter) throw new Error('nothing retrieved');
    const paragraph = letter.text.slice(top.chunk.start, top.chunk.end);
    const sentenceEnd = paragraph.search(/\.(\s|$)/);
    const start = top.chunk.start;
    const end = start + (sentenceEnd === -1 ? paragraph.length : sentenceEnd + 1);
    const quote = letter.text.slice(start, end);
    return {
      answer: `${quote.replace(/\s+/g, ' ')} [1] The letters also say that 97 cases were closed in a single week. [1]`,
      found: true,
      citations: [{ ref: 1, letterId: letter.id, letterDate: letter.date, visitNumber: letter.visitNumber, paragraph: top.chunk.n, section: top.chunk.section, start, end, quote, score: top.score }],
      mode: 'llm',
      model: FAKE_MODEL,
    };
  }
}

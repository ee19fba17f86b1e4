import type { AnswerContext, ModelAnswerer } from '../answer/answer-service.js';
import type { ChatTurn, DraftAnswer } from '../answer/answer-types.js';
import { loadEvidenceTexts } from '../answer/evidence.js';
import { type DraftEvent, eventsOf } from '../answer/model-events.js';
import { completeFromLetters, degraded } from '../answer/model-fallback.js';
import { bestSupportingSentence } from '../claims/support.js';
import type { Citation } from '../corpus/citation.js';
import { citeSpan } from '../corpus/citation.js';
import { toModelFailure } from '../openai/model-failure.js';
import type { Library } from '../store/library.js';
import type { ChatModel } from './chat-model.js';
import { checkModelClaims } from './check-model-claims.js';
import { citeFiltered } from './citation-check.js';
import { condenseWithModel } from './condense-with-model.js';
import { AbortedError, streamWithIdleTimeout } from './guarded-calls.js';
import { MarkerFilter } from './marker-filter.js';
import type { PromptPassage } from './prompt.js';
import { fitAnswerPrompt } from './token-budget.js';

export interface LlmAnswererOptions {
  /** Longest wait for the first token, or between two tokens. */
  timeoutMs: number;
  /** Prompt budget in tokens. */
  contextTokens: number;
  /** Longest answer, in tokens. */
  answerTokens: number;
  /** A second model call judges each claim against its quotes (the offline check still wins on facts). */
  verifyWithModel?: boolean;
  /** Where fallbacks are reported for operators; console.warn unless given. */
  log?: (message: string) => void;
}

/**
 * Answers with a model from the retrieved passages and checks every [n] it writes. Any failure
 * (timeout, stall, connection, 429, 5xx, empty or uncited reply) yields the extractive answer
 * with degraded.reason instead; only the caller's abort ends it without a final answer.
 *
 * Text is held back until the reply's first valid citation, so what has been streamed is never
 * taken back: a reply that cites nothing it was given is replaced before any of it is sent.
 */
export class LlmAnswerer implements ModelAnswerer {
  constructor(
    private readonly model: ChatModel,
    private readonly options: LlmAnswererOptions,
  ) {}

  get modelId(): string {
    return this.model.id;
  }

  condense(question: string, history: ChatTurn[], signal?: AbortSignal): Promise<string> {
    return condenseWithModel(this.model, question, history, { signal, timeoutMs: this.options.timeoutMs });
  }

  async *stream(ctx: AnswerContext, extractive: () => DraftAnswer, signal?: AbortSignal): AsyncGenerator<DraftEvent> {
    const library = ctx.retriever.library;
    const question = ctx.request.question;
    // Each stretch that cuts quotes follows an await (the model's reply): the texts are asked for
    // again right before it, in case other requests have pushed them out of the cache meanwhile.
    const texts = () => loadEvidenceTexts(ctx.query, ctx.ranked, library);
    await texts();
    const passages: PromptPassage[] = ctx.ranked.map((r, i) => ({
      n: i + 1,
      hit: ctx.retriever.toHit(r),
      visitNumber: library.info(r.chunk.letterId)?.visitNumber ?? null,
    }));
    if (passages.length === 0) {
      yield* eventsOf(extractive());
      return;
    }
    const prompt = fitAnswerPrompt({ question, standalone: ctx.query, passages, history: ctx.request.history }, this.options.contextTokens);
    const filter = new MarkerFilter(prompt.passages.length);
    let text = '';
    let committed = false;
    yield { type: 'writing' };
    try {
      const pieces = streamWithIdleTimeout(this.model, prompt.messages, { signal, maxTokens: this.options.answerTokens }, this.options.timeoutMs);
      for await (const piece of pieces) {
        const out = filter.push(piece);
        text += out;
        if (committed) {
          if (out) yield { type: 'delta', text: out };
        } else if (filter.kept.size > 0) {
          committed = true;
          await texts();
          yield { type: 'citations', citations: provisionalCitations(prompt.passages, library, question) };
          yield { type: 'delta', text };
        }
      }
      const tail = filter.end();
      text += tail;
      if (committed && tail) yield { type: 'delta', text: tail };
    } catch (err) {
      if (err instanceof AbortedError || signal?.aborted) return;
      const reason = toModelFailure(err, this.options.timeoutMs).message;
      this.report(reason);
      await texts();
      if (committed) {
        const partial = citeFiltered(text, prompt.passages, library, question);
        yield* finishAfterSent(completeFromLetters(partial, prompt.passages.length, extractive(), reason), text);
      } else {
        yield* eventsOf(degraded(extractive(), reason));
      }
      return;
    }

    await texts();
    const checked = citeFiltered(text, prompt.passages, library, question);
    const answer = { answer: checked.text, citations: checked.citations, mode: 'llm' as const, model: this.model.id };
    if (committed) {
      const claims = await this.checkClaims(checked, prompt.passages, library, signal);
      if (claims) yield { type: 'done', draft: { ...answer, ...claims, found: claims.citations.length > 0 } };
      return;
    }
    // Nothing cited. Invented citations or no words at all: the letters answer instead.
    if (filter.dropped.length > 0 || !/\p{L}/u.test(text)) {
      const reason = filter.dropped.length ? 'the model cited only passages it was not given' : 'the model returned an empty reply';
      this.report(reason);
      yield* eventsOf(degraded(extractive(), reason));
      return;
    }
    // No markers at all: keep the model's words only as a "not found", and only when the letters agree.
    const fallback = extractive();
    if (fallback.found) {
      this.report('the model reply cited none of the passages');
      yield* eventsOf(degraded(fallback, 'the model reply cited none of the passages'));
    } else yield* eventsOf({ ...answer, found: false, citations: [], ...(fallback.related ? { related: fallback.related } : {}) });
  }

  /** Claims re-cited or marked, and judged by the model too with verifyWithModel; null when the caller aborted. */
  private async checkClaims(checked: { text: string; citations: Citation[] }, passages: PromptPassage[], library: Library, signal?: AbortSignal) {
    const { timeoutMs, answerTokens, verifyWithModel, log } = this.options;
    try {
      return await checkModelClaims(checked, passages, library, {
        judge: verifyWithModel ? this.model : undefined,
        timeoutMs,
        maxTokens: answerTokens,
        signal,
        log: log ?? console.warn,
      });
    } catch (err) {
      if (err instanceof AbortedError) return null;
      throw err;
    }
  }

  private report(reason: string): void {
    (this.options.log ?? console.warn)(`model answer replaced by the extractive one: ${reason}`);
  }
}

/** The best sentence of each passage for the question: shown while the model writes. */
function provisionalCitations(passages: PromptPassage[], library: Library, question: string): Citation[] {
  const out: Citation[] = [];
  for (const p of passages) {
    const letter = library.letter(p.hit.letterId);
    if (!letter || letter.text.slice(p.hit.start, p.hit.end) !== p.hit.text) continue;
    const span = bestSupportingSentence(letter.text, p.hit.start, p.hit.end, [question], question);
    if (!span) continue;
    out.push(citeSpan(letter, p.hit, span, p.n, p.hit.score));
  }
  return out;
}

/** The rest of an answer whose beginning has already been streamed, then the answer. */
function* finishAfterSent(draft: DraftAnswer, sent: string): Generator<DraftEvent> {
  if (draft.answer.startsWith(sent) && draft.answer.length > sent.length) yield { type: 'delta', text: draft.answer.slice(sent.length) };
  yield { type: 'done', draft };
}

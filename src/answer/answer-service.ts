import { annotateClaims } from '../claims/annotate-claims.js';
import type { Embedder } from '../embed/embedder.js';
import type { Library } from '../library.js';
import { readIntent } from '../retrieve/query-intent.js';
import type { RankedChunk, Retriever } from '../retrieve/retriever.js';
import { retrieverFor } from '../retrieve/retriever-cache.js';
import type { Answer, AnswerEvent, AnswerRequest } from './answer-types.js';
import { condenseQuestion } from './condense-question.js';
import { type DraftAnswer, answerExtractively } from './extractive-answerer.js';

/** Retrieved context handed to an answerer. */
export interface AnswerContext {
  request: AnswerRequest;
  /** The standalone query used for retrieval (the question, or a condensed follow-up). */
  query: string;
  ranked: RankedChunk[];
  retriever: Retriever;
}

/** A model-backed answerer (see src/llm). Throws to make the service fall back to extractive. */
export interface ModelAnswerer {
  answer(ctx: AnswerContext, signal?: AbortSignal): Promise<DraftAnswer>;
}

/** Retrieval, then the model answerer when there is one, else (or on its failure) the extractive one. */
export class AnswerService {
  constructor(
    private readonly library: () => Library,
    private readonly embedder: Embedder,
    private readonly model?: ModelAnswerer,
  ) {}

  async answer(req: AnswerRequest, signal?: AbortSignal): Promise<Answer> {
    const started = performance.now();
    const ctx = await this.context(req);
    let draft: DraftAnswer;
    if (this.model) {
      try {
        draft = await this.model.answer(ctx, signal);
      } catch (err) {
        draft = { ...this.extractive(ctx), degraded: { reason: reasonOf(err) } };
      }
    } else {
      draft = this.extractive(ctx);
    }
    const claims = annotateClaims(draft.answer, draft.citations);
    return { ...draft, claims, tookMs: Math.round(performance.now() - started) };
  }

  /** Streams an answer: citations first, then the text in pieces, then the final JSON. */
  async *stream(req: AnswerRequest, signal?: AbortSignal): AsyncGenerator<AnswerEvent> {
    const answer = await this.answer(req, signal);
    yield { type: 'citations', citations: answer.citations };
    for (const piece of answer.answer.match(/\S+\s*/g) ?? []) {
      if (signal?.aborted) return;
      yield { type: 'delta', text: piece };
    }
    yield { type: 'done', answer };
  }

  private async context(req: AnswerRequest): Promise<AnswerContext> {
    const retriever = retrieverFor(this.library(), this.embedder);
    const query = condenseQuestion(req.question, req.history);
    const ranked = await retriever.rank({ query, k: req.topK, letterIds: req.letterIds, from: req.from, to: req.to });
    return { request: req, query, ranked, retriever };
  }

  private extractive(ctx: AnswerContext): DraftAnswer {
    return answerExtractively({ question: ctx.query, ranked: ctx.ranked, retriever: ctx.retriever, intent: readIntent(ctx.query) });
  }
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

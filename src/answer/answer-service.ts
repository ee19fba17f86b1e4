import { errorMessage } from '../base/error-message.js';
import { annotateClaims } from '../claims/annotate-claims.js';
import { resolveLetterFilter } from '../corpus/letter-filter.js';
import { knownPlaceWords } from '../retrieve/letter-hints.js';
import { readIntent } from '../retrieve/query-intent.js';
import type { RankedChunk, Retriever } from '../retrieve/retriever.js';
import type { Snapshot } from '../serving/snapshot.js';
import type { Answer, AnswerEvent, AnswerRequest, ChatTurn, DraftAnswer } from './answer-types.js';
import { condenseQuestion } from './condense-question.js';
import { loadEvidenceTexts } from './evidence.js';
import { answerExtractively } from './extractive-answerer.js';
import { answerInspectorQuestion, inspectorLookupLetters } from './inspector-lookup.js';
import { type DraftEvent, eventsOf } from './model-events.js';

/** Retrieved context handed to an answerer. */
export interface AnswerContext {
  request: AnswerRequest;
  /** The standalone query used for retrieval (the question, or a condensed follow-up). */
  query: string;
  /** Set when the query is a rewritten follow-up. */
  answeredQuestion?: string;
  ranked: RankedChunk[];
  retriever: Retriever;
}

/** A model-backed answerer (see src/llm/llm-answerer.ts). */
export interface ModelAnswerer {
  /** The chat model's name, as GET /v1/models reports it. */
  readonly modelId: string;
  /** A follow-up rewritten as a standalone query; rejects when the model fails. */
  condense?(question: string, history: ChatTurn[], signal?: AbortSignal): Promise<string>;
  /**
   * Citations, text pieces, then the final draft. Falls back to `extractive` itself on any model
   * failure (so it never throws); ends without a final draft only when `signal` aborts.
   */
  stream(ctx: AnswerContext, extractive: () => DraftAnswer, signal?: AbortSignal): AsyncIterable<DraftEvent>;
}

/** Retrieval, then the model answerer when there is one, else the extractive one (also its fallback). */
export class AnswerService {
  constructor(
    /** The snapshot to answer from: a function, so a reindex can swap it between two questions. */
    private readonly snapshot: () => Snapshot,
    private readonly model?: ModelAnswerer,
  ) {}

  async answer(req: AnswerRequest, signal?: AbortSignal): Promise<Answer> {
    const started = performance.now();
    let draft: DraftAnswer | undefined;
    let ctx: AnswerContext | undefined;
    for await (const event of this.events(req, signal, (c) => (ctx = c))) if (event.type === 'done') draft = event.draft;
    // Only an aborted request ends without a draft; nobody is waiting for this one.
    draft ??= ctx ? this.extractive(ctx) : { answer: '', found: false, citations: [], mode: 'extractive' };
    return finish(draft, started, ctx);
  }

  /** Streams an answer: citations first, then the text in pieces, then the final JSON. */
  async *stream(req: AnswerRequest, signal?: AbortSignal): AsyncGenerator<AnswerEvent> {
    const started = performance.now();
    let ctx: AnswerContext | undefined;
    for await (const event of this.events(req, signal, (c) => (ctx = c))) {
      if (signal?.aborted) return;
      if (event.type === 'done') yield { type: 'done', answer: finish(event.draft, started, ctx) };
      else yield event;
    }
  }

  private async *events(req: AnswerRequest, signal?: AbortSignal, onContext?: (ctx: AnswerContext) => void): AsyncGenerator<DraftEvent> {
    const scope = resolveLetterFilter(this.snapshot().library.letters, req);
    // Filters that rule out every letter are the answer: "not covered" would blame the letters.
    if (scope.noMatch !== undefined) {
      yield* eventsOf({ answer: scope.noMatch, found: false, citations: [], mode: 'extractive', noLetterMatches: true });
      return;
    }
    const { ctx, modelDown } = await this.context({ ...req, ...scope }, signal);
    onContext?.(ctx);
    const extractive = () => this.extractive(ctx);
    // Who inspected, and who two letters share, is a lookup in their inspector lines, not prose to write: answered exactly in either mode.
    const lookup = answerInspectorQuestion(ctx.query, readIntent(ctx.query), ctx.retriever.library, ctx.request.letterIds);
    if (lookup) yield* eventsOf(lookup);
    else if (this.model && !modelDown) yield* this.model.stream(ctx, extractive, signal);
    else yield* eventsOf(modelDown ? { ...extractive(), degraded: { reason: modelDown } } : extractive());
  }

  private async context(req: AnswerRequest, signal?: AbortSignal): Promise<{ ctx: AnswerContext; modelDown?: string }> {
    const { retriever, library } = this.snapshot();
    const places = knownPlaceWords(library.letters);
    let { query } = condenseQuestion(req.question, req.history, places);
    let modelDown: string | undefined;
    // The model rewrites only what the heuristic takes for a follow-up: a standalone question costs no round trip.
    if (this.model?.condense && req.history?.length && query !== req.question) {
      try {
        query = await this.model.condense(req.question, req.history, signal);
      } catch (err) {
        // An endpoint that just timed out would only time out again for the answer.
        if (isEndpointDown(err)) modelDown = errorMessage(err);
      }
    }
    // A database gives letter text only when asked ahead; a question about named letters' inspectors reads them whole.
    const lookup = inspectorLookupLetters(query, readIntent(query), library, req.letterIds);
    if (lookup.length) await library.loadTexts(lookup.map((l) => l.id));
    const ranked = await retriever.rank({ query, k: req.topK, letterIds: req.letterIds, from: req.from, to: req.to });
    await loadEvidenceTexts(query, ranked, library);
    const answeredQuestion = query.trim() !== req.question.trim() ? query : undefined;
    return { ctx: { request: req, query, ranked, retriever, ...(answeredQuestion ? { answeredQuestion } : {}) }, ...(modelDown ? { modelDown } : {}) };
  }

  private extractive(ctx: AnswerContext): DraftAnswer {
    return answerExtractively({ question: ctx.query, ranked: ctx.ranked, retriever: ctx.retriever, intent: readIntent(ctx.query) });
  }
}

/**
 * The draft as it is sent: each claim checked against the quotes it cites, the question it
 * answered when that was a rewritten follow-up, and timed. A refusal makes no claim to check.
 */
function finish(draft: DraftAnswer, started: number, ctx: AnswerContext | undefined): Answer {
  const claims = draft.found ? (draft.claims ?? annotateClaims(draft.answer, draft.citations)) : [];
  const answeredQuestion = ctx?.answeredQuestion ? { answeredQuestion: ctx.answeredQuestion } : {};
  return { ...draft, ...answeredQuestion, claims, tookMs: Math.round(performance.now() - started) };
}

function isEndpointDown(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'endpointDown' in err && err.endpointDown === true;
}

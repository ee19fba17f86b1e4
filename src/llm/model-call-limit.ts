import { BusyError, Semaphore } from '../base/semaphore.js';
import { ModelFailure } from '../openai/model-failure.js';
import type { ChatMessage, ChatModel, ChatOptions } from './chat-model.js';

export interface ModelCallLimits {
  /** Model calls running at once, across all clients. */
  concurrency: number;
  /** Calls allowed to wait for a slot; beyond that a call fails at once. */
  queue: number;
}

/**
 * Every model call (answers, streams, follow-up condensation) holds a slot of one semaphore, so
 * one busy client cannot exhaust the model quota. A call that finds the line full fails with a
 * ModelFailure, and the answer falls back to extractive, marked degraded. Waiting counts against
 * the caller's own timeout (the signal it passes), so a wait is never longer than a slow model.
 */
export class LimitedChatModel implements ChatModel {
  readonly semaphore: Semaphore;

  constructor(
    private readonly model: ChatModel,
    limits: ModelCallLimits,
  ) {
    this.semaphore = new Semaphore(limits.concurrency, limits.queue);
  }

  get id(): string {
    return this.model.id;
  }

  async complete(messages: ChatMessage[], options: ChatOptions = {}): Promise<string> {
    const release = await this.slot(options.signal);
    try {
      return await this.model.complete(messages, options);
    } finally {
      release();
    }
  }

  async *stream(messages: ChatMessage[], options: ChatOptions = {}): AsyncIterable<string> {
    const release = await this.slot(options.signal);
    try {
      yield* this.model.stream(messages, options);
    } finally {
      release();
    }
  }

  private async slot(signal: AbortSignal | undefined): Promise<() => void> {
    try {
      return await this.semaphore.acquire(signal);
    } catch (err) {
      if (err instanceof BusyError) throw new ModelFailure('rate_limited', 'too many questions are waiting for the model; answered from the letters instead');
      throw err;
    }
  }
}

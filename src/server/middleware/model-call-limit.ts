import type { ModelAnswerer } from '../../answer/answer-service.js';
import { Semaphore } from './semaphore.js';

export interface ModelCallLimits {
  /** Model calls running at once, across all clients. */
  concurrency: number;
  /** Calls allowed to wait for a slot; beyond that a call fails at once with BusyError. */
  queue: number;
}

export function modelCallSemaphore(limits: ModelCallLimits): Semaphore {
  return new Semaphore(limits.concurrency, limits.queue);
}

/**
 * The hook for the model path: wraps a ModelAnswerer so every call holds a slot of the shared
 * semaphore. When the line is full the call throws BusyError, and AnswerService falls back to an
 * extractive answer marked degraded, so one busy client cannot exhaust the model quota.
 */
export function limitModelCalls(model: ModelAnswerer, semaphore: Semaphore): ModelAnswerer {
  return {
    answer: (ctx, signal) => semaphore.run(() => model.answer(ctx, signal), signal),
  };
}

/** The same for a text stream (e.g. a chat model's token stream): the slot is held until it ends. */
export async function* limitStream<T>(semaphore: Semaphore, open: () => AsyncIterable<T>, signal?: AbortSignal): AsyncGenerator<T> {
  const release = await semaphore.acquire(signal);
  try {
    yield* open();
  } finally {
    release();
  }
}

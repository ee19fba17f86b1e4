import { ModelFailure, toModelFailure } from '../openai/model-failure.js';
import type { ChatMessage, ChatModel, ChatOptions } from './chat-model.js';

export class AbortedError extends Error {
  constructor() {
    super('the request was aborted');
    this.name = 'AbortError';
  }
}

/**
 * A controller aborted by the caller's signal or by us; `stopped` rejects as soon as either
 * happens, so a race against it never waits for work that ignores its signal (the openai
 * client's retry back-off sleep does: a Retry-After of an hour would otherwise be obeyed).
 */
function guard(outer: AbortSignal | undefined) {
  const controller = new AbortController();
  let fail: (err: Error) => void = () => {};
  const stopped = new Promise<never>((_, reject) => (fail = reject));
  stopped.catch(() => {});
  const stop = (err: Error) => {
    fail(err);
    controller.abort(err);
  };
  const onOuter = () => stop(new AbortedError());
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  const release = () => {
    outer?.removeEventListener('abort', onOuter);
    controller.abort();
  };
  return { signal: controller.signal, stopped, stop, release };
}

/**
 * The whole reply within timeoutMs, or a ModelFailure; AbortedError when the caller aborts.
 */
export async function completeWithin(model: ChatModel, messages: ChatMessage[], options: ChatOptions, timeoutMs: number): Promise<string> {
  const g = guard(options.signal);
  const timer = setTimeout(() => g.stop(new ModelFailure('timeout', `the model did not answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    const call = model.complete(messages, { ...options, signal: g.signal });
    call.catch(() => {});
    return await Promise.race([call, g.stopped]);
  } catch (err) {
    throw err instanceof AbortedError ? err : toModelFailure(err, timeoutMs);
  } finally {
    clearTimeout(timer);
    g.release();
  }
}

/**
 * The reply's pieces as they arrive. Gives up with a ModelFailure when no piece arrives for
 * idleMs (the first one included, so connecting and retries count), or on any error; ends with
 * AbortedError when the caller aborts. Stopping early aborts the upstream request.
 */
export async function* streamWithIdleTimeout(model: ChatModel, messages: ChatMessage[], options: ChatOptions, idleMs: number): AsyncGenerator<string> {
  const g = guard(options.signal);
  const iterator = model.stream(messages, { ...options, signal: g.signal })[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  let pieces = 0;
  try {
    for (;;) {
      timer = setTimeout(() => {
        const message = pieces === 0 ? `the model did not start answering within ${idleMs} ms` : `the model stopped answering for ${idleMs} ms`;
        g.stop(new ModelFailure(pieces === 0 ? 'timeout' : 'stalled', message));
      }, idleMs);
      const next = iterator.next();
      next.catch(() => {});
      const result = await Promise.race([next, g.stopped]);
      clearTimeout(timer);
      if (result.done) return;
      pieces++;
      yield result.value;
    }
  } catch (err) {
    throw err instanceof AbortedError ? err : toModelFailure(err, idleMs);
  } finally {
    clearTimeout(timer);
    g.release();
    // Not awaited: a generator stuck in a request that ignores aborts must not hold us up.
    iterator.return?.().catch(() => {});
  }
}

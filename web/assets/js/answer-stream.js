import { apiHeaders, errorFromResponse, NetworkError } from './api.js';
import { readServerSentEvents } from './sse.js';

/**
 * @import { z } from 'zod'
 * @import { AnswerEvent } from '../../../src/answer/answer-types.js'
 * @import { answerBodySchema } from '../../../src/server/schemas.js'
 */
/** @typedef {z.input<typeof answerBodySchema>} AnswerBody What the page posts to /api/answer: the server's own schema. */

/** The stream ended or broke before its `done` event. */
export class StreamBrokenError extends Error {
  /** @param {unknown} [cause] */
  constructor(cause) {
    super('the answer stream ended early');
    this.name = 'StreamBrokenError';
    this.cause = cause;
  }
}

/**
 * @param {string} raw
 * @returns {any} JSON as the server sent it, or the raw text when it is not JSON
 */
function parseData(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * One SSE event of /api/answer as {type, …}, or null for an event the page does not know.
 * @param {string} event
 * @param {string} raw
 * @returns {AnswerEvent | null}
 */
export function toAnswerEvent(event, raw) {
  const data = parseData(raw);
  switch (event) {
    case 'writing':
      return { type: 'writing' };
    case 'citations':
      return { type: 'citations', citations: Array.isArray(data) ? data : (data?.citations ?? []) };
    case 'delta':
      return { type: 'delta', text: typeof data === 'string' ? data : String(data?.text ?? '') };
    case 'done':
      return { type: 'done', answer: data && typeof data.answer === 'object' && data.answer !== null ? data.answer : data };
    case 'error': {
      const error = data?.error ?? data;
      return { type: 'error', code: String(error?.code ?? 'internal'), message: String(error?.message ?? error ?? 'the server stopped answering') };
    }
    default:
      return data && typeof data === 'object' && typeof data.type === 'string' ? data : null;
  }
}

/**
 * POSTs a question to /api/answer and yields its events in order: citations, delta…, done (or error).
 * A server that answers with plain JSON is turned into the same events.
 * Throws NetworkError, HttpError, StreamBrokenError, or the AbortError of `signal`.
 * @param {AnswerBody} request
 * @param {AbortSignal} signal
 * @returns {AsyncGenerator<AnswerEvent>}
 */
export async function* streamAnswer(request, signal) {
  let response;
  try {
    response = await fetch('/api/answer', {
      method: 'POST',
      headers: apiHeaders({ 'content-type': 'application/json', accept: 'text/event-stream' }),
      body: JSON.stringify(request),
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new NetworkError(err);
  }
  if (!response.ok) throw await errorFromResponse(response);

  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const answer = await response.json();
    yield { type: 'citations', citations: answer.citations ?? [] };
    yield { type: 'delta', text: answer.answer ?? '' };
    yield { type: 'done', answer };
    return;
  }

  try {
    // An OK event-stream response has a body; were it missing, the read fails as a broken stream.
    for await (const { event, data } of readServerSentEvents(/** @type {ReadableStream<Uint8Array<ArrayBuffer>>} */ (response.body))) {
      const answerEvent = toAnswerEvent(event, data);
      if (!answerEvent) continue;
      yield answerEvent;
      if (answerEvent.type === 'done' || answerEvent.type === 'error') return;
    }
  } catch (err) {
    if (signal.aborted) throw err;
    throw new StreamBrokenError(err);
  }
  throw new StreamBrokenError();
}

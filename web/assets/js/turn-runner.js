import { StreamBrokenError, streamAnswer } from './answer-stream.js';
import { HttpError, NetworkError, needsToken } from './api.js';
import { filterFields } from './filters.js';

/**
 * @import { Answer, ChatTurn } from '../../../src/answer/answer-types.js'
 * @import { Citation } from '../../../src/corpus/citation.js'
 * @import { Filters } from './filters.js'
 */
/** @typedef {{ title: string, message: string, needsToken?: boolean }} TurnError What the page says went wrong, in words. */
/**
 * One question of the conversation and the state of its answer, as drawn and as kept in localStorage.
 * @typedef {object} Turn
 * @property {string} id
 * @property {string} question
 * @property {Filters} filters
 * @property {'streaming' | 'done' | 'error' | 'stopped'} status
 * @property {string} text the answer text so far (the deltas), then the answer's own
 * @property {Citation[]} citations
 * @property {boolean} [writing] the passages are found and a model is writing the answer
 * @property {Answer | null} answer the server's answer, once done
 * @property {TurnError | null} error
 * @property {boolean} [standalone] asked on its own: the conversation before it is not sent
 */

/** With no event for this long the request counts as stuck and is dropped with an error and a retry. */
export const IDLE_TIMEOUT_MS = 60_000;
/** Follow-ups send the last few exchanges, enough for "what about the earlier visit?". */
const HISTORY_TURNS = 3;

/**
 * The finished exchanges before `turn`, as /api/answer's `history`.
 * @param {Turn[]} turns
 * @param {Turn} turn
 * @returns {ChatTurn[]}
 */
export function historyBefore(turns, turn) {
  if (turn.standalone) return [];
  const earlier = turns.slice(0, turns.indexOf(turn)).filter((t) => t.status === 'done' && t.answer?.answer);
  return earlier.slice(-HISTORY_TURNS).flatMap((t) => [
    { role: 'user', content: t.question.slice(0, 2000) },
    // The filter above kept only turns with an answer.
    { role: 'assistant', content: /** @type {Answer} */ (t.answer).answer.slice(0, 2000) },
  ]);
}

/**
 * @param {unknown} err
 * @param {'timeout' | 'stop' | null} reason
 * @returns {TurnError}
 */
export function describeError(err, reason) {
  if (reason === 'timeout') return { title: 'No reply from the server', message: `Nothing arrived for ${IDLE_TIMEOUT_MS / 1000} seconds, so the request was dropped.` };
  if (needsToken(err)) return { title: 'This server needs an access token', message: 'It was started with API_TOKEN. Enter the token to ask questions.', needsToken: true };
  if (err instanceof NetworkError) return { title: 'Could not reach the server', message: 'Check that the server is running and you are connected, then retry.' };
  if (err instanceof HttpError && err.status < 500) return { title: 'The question was not accepted', message: `${err.message} (HTTP ${err.status})` };
  if (err instanceof HttpError) return { title: 'The server hit a problem', message: `${err.message} (HTTP ${err.status})` };
  if (err instanceof StreamBrokenError) return { title: 'The answer was cut off', message: 'The connection closed before the answer was complete.' };
  return { title: 'Something went wrong', message: err instanceof Error ? err.message : String(err) };
}

/**
 * Streams one turn's answer into the turn object (status, text, citations, answer, error),
 * calling onUpdate('text' | 'all') after each change. Always settles: done, error or stopped.
 * @param {Turn} turn
 * @param {{ history: ChatTurn[], onUpdate: (part: 'text' | 'all') => void }} callbacks
 * @returns {{ done: Promise<void>, stop: () => void }}
 */
export function startTurn(turn, { history, onUpdate }) {
  const controller = new AbortController();
  /** @type {'timeout' | 'stop' | null} */
  let reason = null;
  let idle = 0;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      reason = 'timeout';
      controller.abort();
    }, IDLE_TIMEOUT_MS);
  };
  Object.assign(turn, { status: 'streaming', text: '', citations: [], answer: null, error: null, writing: false });

  const done = (async () => {
    touch();
    try {
      const request = { question: turn.question, ...filterFields(turn.filters), history };
      for await (const event of streamAnswer(request, controller.signal)) {
        touch();
        if (event.type === 'writing') turn.writing = true;
        else if (event.type === 'citations') turn.citations = event.citations;
        else if (event.type === 'delta') turn.text += event.text;
        else if (event.type === 'done')
          Object.assign(turn, { status: 'done', answer: event.answer, text: event.answer.answer ?? turn.text, citations: event.answer.citations ?? [] });
        else if (event.type === 'error') Object.assign(turn, { status: 'error', error: { title: 'The server could not finish this answer', message: event.message } });
        onUpdate(event.type === 'delta' ? 'text' : 'all');
      }
    } catch (err) {
      if (reason === 'stop') turn.status = 'stopped';
      else Object.assign(turn, { status: 'error', error: describeError(err, reason) });
    } finally {
      clearTimeout(idle);
    }
  })();

  return {
    done,
    stop: () => {
      reason = 'stop';
      controller.abort();
    },
  };
}

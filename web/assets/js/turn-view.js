import { compareAcrossVisits } from './compare-view.js';
import { el } from './dom.js';
import { filterChips } from './filters.js';
import { answerTextNodes, modeLabel, relatedSection, sourcesSection, WEAK } from './render-answer.js';
import { tokenForm } from './token-form.js';

/**
 * @import { LetterSummary } from '../../../src/server/letter-shapes.js'
 * @import { Turn } from './turn-runner.js'
 */
/**
 * What a turn's view needs from the page.
 * @typedef {object} TurnContext
 * @property {() => Map<string, LetterSummary>} lettersById
 * @property {(turn: Turn) => void} onRetry
 * @property {(turn: Turn) => void} onTokenSaved
 * @property {(turn: Turn, button: HTMLElement) => void} onCopy
 * @property {(turn: Turn) => void} onAskAsWritten asks the turn's question again on its own, without the conversation
 */
/** @typedef {{ root: HTMLElement, update: (t: Turn, part?: 'text' | 'all') => void }} TurnView */

/**
 * One question and its answer in the conversation. `update(turn)` redraws the answer for the
 * turn's state (streaming, done, not found, stopped, error); `update(turn, 'text')` only the text
 * while deltas arrive.
 * @param {Turn} turn
 * @param {TurnContext} ctx
 * @returns {TurnView}
 */
export function createTurnView(turn, ctx) {
  const text = el('p', { class: 'answer-text' });
  const answer = el('article', { class: 'answer', 'aria-live': 'polite', 'aria-label': 'Answer' });
  const root = el(
    'li',
    { class: 'turn', 'data-turn': turn.id },
    el('div', { class: 'question' }, el('p', { class: 'question-text' }, turn.question), chipList(turn, ctx.lettersById())),
    answer,
  );

  /** @param {Turn} t */
  function drawText(t) {
    const nodes = answerTextNodes(t.text ?? '', t.citations ?? [], t.id, ctx.lettersById(), t.status === 'done' ? (t.answer?.claims ?? []) : []);
    if (t.status === 'streaming') nodes.push(el('span', { class: 'caret', 'aria-hidden': 'true' }));
    text.replaceChildren(...nodes);
  }

  /**
   * @param {Turn} t
   * @param {'text' | 'all'} [part]
   */
  function update(t, part = 'all') {
    answer.setAttribute('aria-busy', String(t.status === 'streaming'));
    answer.dataset.status = t.status;
    drawText(t);
    // The first delta arrives while the "searching" line is shown: that needs a full redraw.
    if (part === 'text' && text.isConnected) return;
    answer.replaceChildren(...answerParts(t, text, ctx).filter((n) => n !== null));
  }

  update(turn);
  return { root, update };
}

/**
 * @param {Turn} turn
 * @param {Map<string, LetterSummary>} lettersById
 */
function chipList(turn, lettersById) {
  const chips = filterChips(turn.filters ?? { letterIds: [], from: '', to: '' }, lettersById);
  if (!chips.length) return null;
  return el(
    'ul',
    { class: 'chips chips-static', 'aria-label': 'Asked with filters' },
    chips.map((c) => el('li', { class: 'chip', title: c.title }, c.label)),
  );
}

/**
 * @param {Turn} t
 * @param {HTMLElement} text
 * @param {TurnContext} ctx
 */
function answerParts(t, text, ctx) {
  const a = t.answer;
  const lettersById = ctx.lettersById();
  const citations = t.citations ?? [];
  const notFound = t.status === 'done' && a?.found === false;
  const parts = [];

  // Once the passages are found (a model says it is writing, or the citations are here) the answer is being written.
  const pending = t.writing || citations.length ? 'Writing the answer…' : 'Searching the letters…';
  if (t.status === 'streaming' && !t.text) parts.push(el('p', { class: 'answer-pending' }, el('span', { class: 'pulse', 'aria-hidden': 'true' }), pending));
  if (t.status === 'done' && a?.answeredQuestion) parts.push(answeredAs(t, a.answeredQuestion, ctx));
  if (notFound) {
    parts.push(
      el(
        'div',
        { class: 'notice is-info answer-notfound' },
        el('p', { class: 'notice-title' }, a.noLetterMatches ? 'No letter matches these filters' : 'Not covered by the letters'),
        el('p', {}, t.text || 'Nothing in the letters answers this question.'),
      ),
    );
  } else if (t.text) parts.push(text);
  if (a?.degraded)
    parts.push(
      el(
        'p',
        { class: 'notice is-warning' },
        el('strong', {}, 'Fallback answer. '),
        `The model could not answer (${a.degraded.reason}), so this answer was built offline from the letters’ own sentences.`,
      ),
    );
  // A refusal claims nothing, so there is nothing to check.
  const weak = notFound ? 0 : (a?.claims ?? []).filter((c) => WEAK.has(c.support)).length;
  if (t.status === 'done' && weak) {
    parts.push(
      el(
        'p',
        { class: 'notice is-warning claims-notice' },
        el('strong', {}, 'Check the underlined text. '),
        `${weak === 1 ? 'One sentence is' : `${weak} sentences are`} not fully backed by a quote it cites.`,
      ),
    );
  }
  if (t.status === 'stopped') parts.push(el('p', { class: 'notice is-muted' }, 'Stopped before the answer was complete.', retryButton(t, ctx)));
  if (t.status === 'error') {
    parts.push(
      el(
        'div',
        { class: 'notice is-error', role: 'alert' },
        el('p', { class: 'notice-title' }, t.error?.title ?? 'Something went wrong'),
        el('p', {}, t.error?.message ?? ''),
        t.error?.needsToken ? tokenForm(() => ctx.onTokenSaved(t)) : retryButton(t, ctx),
      ),
    );
  }
  if (citations.length && t.status !== 'error') parts.push(sourcesSection(citations, t.id, lettersById));
  if (notFound && a.related?.length) parts.push(relatedSection(a.related, lettersById));
  if (t.status === 'done' && a) {
    const compare = notFound ? { button: null, panel: null } : compareAcrossVisits(t, lettersById);
    parts.push(
      el(
        'div',
        { class: 'answer-footer' },
        el(
          'p',
          {
            class: a.degraded ? 'answer-mode is-degraded' : 'answer-mode',
            title: a.mode === 'llm' ? 'Written by a language model from the cited passages' : 'Built offline from the letters’ own sentences',
          },
          modeLabel(a),
        ),
        el(
          'div',
          { class: 'answer-actions' },
          compare.button,
          el(
            'button',
            { type: 'button', class: 'button ghost small copy-answer', onclick: (e) => ctx.onCopy(t, /** @type {HTMLButtonElement} */ (e.currentTarget)) },
            'Copy answer',
          ),
        ),
      ),
      compare.panel,
    );
  }
  return parts;
}

/**
 * "Answered as: …" for a follow-up rewritten with the question before it, and a way out.
 * @param {Turn} t
 * @param {string} question
 * @param {TurnContext} ctx
 */
function answeredAs(t, question, ctx) {
  return el(
    'p',
    { class: 'answered-as' },
    el('span', { class: 'answered-as-label' }, 'Answered as: '),
    el('q', { class: 'answered-as-question' }, question),
    ' ',
    el('button', { type: 'button', class: 'button ghost small ask-as-written', onclick: () => ctx.onAskAsWritten(t) }, 'Ask as written instead'),
  );
}

/**
 * @param {Turn} t
 * @param {TurnContext} ctx
 */
function retryButton(t, ctx) {
  return el('button', { type: 'button', class: 'button small retry', onclick: () => ctx.onRetry(t) }, 'Retry');
}

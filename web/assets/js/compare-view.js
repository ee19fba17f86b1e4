import { getJson } from './api.js';
import { el } from './dom.js';
import { collapseWhitespace, formatDate, letterLabel, letterUrl } from './format.js';

/**
 * @import { LetterSummary } from '../../../src/server/letter-shapes.js'
 * @import { Passage } from '../../../src/timeline/judgement-line.js'
 * @import { TimelineEntry } from '../../../src/timeline/timeline-entry.js'
 * @import { Turn } from './turn-runner.js'
 */
/** @typedef {{ open: boolean, loading: boolean, entries: TimelineEntry[] | null, error: string | null, redraw: () => void }} CompareState */

/**
 * Per turn: whether the comparison is open and what GET /api/timeline said, so a redraw keeps both.
 * @type {WeakMap<Turn, CompareState>}
 */
const states = new WeakMap();

/**
 * @param {Turn} turn
 * @returns {CompareState}
 */
function stateOf(turn) {
  let state = states.get(turn);
  if (!state) {
    state = { open: false, loading: false, entries: null, error: null, redraw: () => {} };
    states.set(turn, state);
  }
  return state;
}

/**
 * The one authority the answer cites (or the filtered letters belong to); none when they are mixed.
 * @param {Turn} turn
 * @param {Map<string, LetterSummary>} lettersById
 */
function authorityOf(turn, lettersById) {
  const ids = (turn.answer?.citations ?? []).map((c) => c.letterId);
  if (!ids.length) ids.push(...(turn.filters?.letterIds ?? []));
  const authorities = new Set(ids.map((id) => lettersById.get(id)?.authority).filter(Boolean));
  return authorities.size === 1 ? [...authorities][0] : '';
}

/**
 * @param {string} question
 * @param {string | null | undefined} authority
 */
export function timelineUrl(question, authority) {
  const params = new URLSearchParams({ q: question });
  if (authority) params.set('authority', authority);
  return `/api/timeline?${params}`;
}

/**
 * @param {TimelineEntry} entry
 * @param {Passage} passage
 * @param {string} label
 * @param {'judgement' | 'topic'} kind
 */
function passageBlock(entry, passage, label, kind) {
  const place = `${label}, paragraph ${passage.paragraph}`;
  return el(
    'div',
    { class: `compare-passage compare-${kind}` },
    el('blockquote', { class: 'compare-quote' }, collapseWhitespace(passage.quote)),
    el('a', { class: 'compare-link', href: letterUrl(entry.letterId, passage), 'data-viewer': place, 'aria-label': `Show in the letter: ${place}` }, 'Show in letter'),
  );
}

/**
 * @param {TimelineEntry} entry
 * @param {Map<string, LetterSummary>} lettersById
 * @param {boolean} showAuthority
 */
function entryItem(entry, lettersById, showAuthority) {
  const letter = lettersById.get(entry.letterId);
  const label = letterLabel(entry.letterId, entry.date, entry.visitNumber, letter);
  return el(
    'li',
    { class: 'compare-letter', 'data-letter': entry.letterId },
    el('p', { class: 'compare-visit' }, Number.isInteger(entry.visitNumber) ? `Visit ${entry.visitNumber}` : 'Letter'),
    el('h4', { class: 'compare-date' }, formatDate(entry.date)),
    showAuthority ? el('p', { class: 'compare-authority' }, letter?.authority || letter?.title || entry.letterId) : null,
    el('p', { class: 'compare-label' }, 'Overall'),
    entry.judgement ? passageBlock(entry, entry.judgement, label, 'judgement') : el('p', { class: 'compare-silent' }, 'No headline judgement found.'),
    el('p', { class: 'compare-label' }, 'On this question'),
    entry.passage ? passageBlock(entry, entry.passage, label, 'topic') : el('p', { class: 'compare-silent' }, 'Says nothing on this.'),
  );
}

/**
 * @param {CompareState} state
 * @param {Map<string, LetterSummary>} lettersById
 * @param {() => void} retry
 */
function panelChildren(state, lettersById, retry) {
  if (state.loading) return [el('p', { class: 'answer-pending' }, el('span', { class: 'pulse', 'aria-hidden': 'true' }), 'Comparing the letters…')];
  if (state.error)
    return [
      el(
        'p',
        { class: 'notice is-error', role: 'alert' },
        `Could not compare the visits: ${state.error} `,
        el('button', { type: 'button', class: 'button small retry', onclick: retry }, 'Retry'),
      ),
    ];
  const entries = state.entries ?? [];
  if (!entries.length) return [el('p', { class: 'muted' }, 'There are no letters to compare.')];
  const authorities = new Set(entries.map((e) => lettersById.get(e.letterId)?.authority ?? e.letterId));
  return [
    el('h3', { class: 'sources-title' }, 'Across visits, oldest first'),
    el(
      'ol',
      { class: 'compare-list' },
      entries.map((e) => entryItem(e, lettersById, authorities.size > 1)),
    ),
  ];
}

/**
 * "Compare across visits": a toggle for a finished answer and the panel it opens, with each
 * letter's headline judgement and its best passage on the question (GET /api/timeline), side by
 * side (stacked on phones), every quote linked to its exact span in the letter.
 * @param {Turn} turn
 * @param {Map<string, LetterSummary>} lettersById
 */
export function compareAcrossVisits(turn, lettersById) {
  const state = stateOf(turn);
  const panelId = `compare-${turn.id}`;
  const panel = el('section', { class: 'compare', id: panelId, 'aria-label': 'Across visits' });
  const button = el('button', { type: 'button', class: 'button ghost small compare-toggle', 'aria-controls': panelId }, 'Compare across visits');

  // The latest view of this turn is the one a finished request redraws.
  state.redraw = draw;
  function draw() {
    button.setAttribute('aria-expanded', String(state.open));
    panel.hidden = !state.open;
    panel.setAttribute('aria-busy', String(state.loading));
    panel.replaceChildren(...(state.open ? panelChildren(state, lettersById, load) : []));
  }

  async function load() {
    Object.assign(state, { loading: true, error: null });
    draw();
    try {
      const body = await getJson(timelineUrl(turn.question, authorityOf(turn, lettersById)));
      state.entries = Array.isArray(body?.letters) ? body.letters : [];
    } catch (err) {
      state.error = err instanceof Error ? err.message : String(err);
    }
    state.loading = false;
    state.redraw();
  }

  button.addEventListener('click', () => {
    state.open = !state.open;
    if (state.open && !state.entries && !state.loading) load();
    else draw();
  });
  draw();
  return { button, panel };
}

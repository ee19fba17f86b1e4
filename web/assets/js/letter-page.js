import { fetchLetter, HttpError, NetworkError, needsToken } from './api.js';
import { kindLabel } from './corpus-summary.js';
import { byId, el } from './dom.js';
import { formatDate } from './format.js';
import { highlightSpan, renderLetterText } from './letter-render.js';
import { tokenForm } from './token-form.js';

/** @import { LetterView } from '../../../src/server/letter-shapes.js' */
/** @typedef {{ invalid: true } | { invalid?: false, start: number, end: number }} RequestedSpan */

// Inside the chat page's side panel the site header is noise.
if (window.self !== window.top) document.documentElement.classList.add('embedded');

const head = byId('letter-head');
const body = byId('letter');
const bar = byId('highlight-bar');

function letterIdFromPath() {
  const match = /^\/letters\/([^/]+)$/.exec(location.pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(/** @type {string} */ (match[1]));
  } catch {
    return null;
  }
}

/**
 * `?start=&end=` as integers inside the letter, or null (bad or missing values highlight nothing).
 * @param {number} textLength
 * @returns {RequestedSpan | null}
 */
function requestedSpan(textLength) {
  const params = new URLSearchParams(location.search);
  if (!params.has('start') || !params.has('end')) return null;
  const start = Number(params.get('start'));
  const end = Number(params.get('end'));
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > textLength || start >= end) return { invalid: true };
  return { start, end };
}

/** @param {{ start: string, end: string } | null} range */
const dateRange = (range) => (range ? (range.start === range.end ? formatDate(range.start) : `${formatDate(range.start)} – ${formatDate(range.end)}`) : null);

/** @param {LetterView} letter */
function renderHead(letter) {
  const facts = [
    ['Kind', kindLabel(letter.kind)],
    ['Date', formatDate(letter.date)],
    ['Visit', Number.isInteger(letter.visitNumber) ? `Monitoring visit ${letter.visitNumber}` : null],
    ['Visit dates', dateRange(letter.visitDates)],
    ['Inspection dates', dateRange(letter.inspectionDates)],
    ['Authority', letter.authority],
    ['Inspectors', letter.inspectors?.length ? letter.inspectors.join(', ') : null],
  ].filter(([, value]) => value);
  const judgements = letter.judgements?.length
    ? el(
        'table',
        { class: 'judgements' },
        el('caption', {}, 'Judgements'),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Area'), el('th', { scope: 'col' }, 'Grade'))),
        el(
          'tbody',
          {},
          letter.judgements.map((j) => el('tr', {}, el('th', { scope: 'row' }, j.area), el('td', {}, j.grade))),
        ),
      )
    : null;
  const parts = [
    el('p', { class: 'eyebrow' }, el('a', { href: '/letters' }, '← All letters')),
    el('h1', {}, letter.title ?? letter.id),
    el(
      'dl',
      { class: 'facts' },
      facts.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))),
    ),
    letter.focus ? el('p', { class: 'letter-focus' }, el('strong', {}, 'Focus: '), letter.focus) : null,
    judgements,
    el('p', { class: 'checksum muted' }, 'SHA-256 of the file: ', el('code', {}, letter.sha256)),
  ];
  head.replaceChildren(...parts.filter((p) => p !== null));
  document.title = `${letter.title ?? letter.id}, ${formatDate(letter.date)} · Letters assistant`;
}

/**
 * @param {LetterView} letter
 * @param {number} offset
 */
function paragraphAt(letter, offset) {
  return letter.paragraphs.find((p) => offset >= p.start && offset < p.end) ?? null;
}

/**
 * @param {LetterView} letter
 * @param {RequestedSpan} span
 */
function showHighlight(letter, span) {
  if (span.invalid) {
    bar.replaceChildren(el('p', {}, 'The link asks for a passage that is not in this letter, so nothing is highlighted.'));
    bar.hidden = false;
    bar.classList.add('is-warning');
    return null;
  }
  const marks = highlightSpan(body, span.start, span.end);
  const first = marks[0];
  if (!first) return null;
  first.id = 'highlight';
  first.tabIndex = -1;
  const paragraph = paragraphAt(letter, span.start);
  const where = paragraph ? `paragraph ${paragraph.n}${paragraph.section ? `, “${paragraph.section}”` : ''}` : 'the letter';
  bar.replaceChildren(
    el('p', {}, el('span', { class: 'swatch', 'aria-hidden': 'true' }), `The cited passage is highlighted in ${where}.`),
    el('button', { type: 'button', class: 'button ghost', onclick: () => scrollToMark(first) }, 'Show it'),
  );
  bar.hidden = false;
  return first;
}

/** @param {HTMLElement} mark */
function scrollToMark(mark) {
  mark.scrollIntoView({ block: 'center' });
  mark.focus({ preventScroll: true });
}

function showTargetParagraph() {
  for (const old of body.querySelectorAll('.para.is-target')) old.classList.remove('is-target');
  const match = /^#p(\d+)$/.exec(location.hash);
  const target = match ? document.getElementById(`p${match[1]}`) : null;
  if (!target) return null;
  target.classList.add('is-target');
  return target;
}

/** @param {unknown} err */
function showError(err) {
  if (needsToken(err)) {
    head.replaceChildren(
      el('h1', {}, 'Access token needed'),
      el('p', {}, 'This server was started with API_TOKEN.'),
      tokenForm(() => location.reload()),
    );
    return;
  }
  const message =
    err instanceof HttpError && err.status === 404
      ? 'There is no letter at this address.'
      : err instanceof NetworkError
        ? 'Could not reach the server. Check that it is running, then reload the page.'
        : `The letter could not be loaded: ${/** @type {Error} */ (err).message}`;
  head.replaceChildren(
    el('h1', {}, 'Letter unavailable'),
    el('p', { class: 'notice is-error', role: 'alert' }, message),
    el('p', {}, el('a', { href: '/letters' }, 'See all letters')),
  );
}

async function main() {
  const id = letterIdFromPath();
  if (!id) return showError(new HttpError(404, 'not_found', 'bad address'));
  let letter;
  try {
    letter = await fetchLetter(id);
  } catch (err) {
    return showError(err);
  }
  renderHead(letter);
  body.replaceChildren(renderLetterText(letter.text, letter.paragraphs, { markdown: letter.format === 'markdown' }));
  const span = requestedSpan(letter.text.length);
  const mark = span ? showHighlight(letter, span) : null;
  // A highlighted span says enough; the paragraph tint is for plain permalinks.
  const target = mark ? null : showTargetParagraph();
  if (mark) scrollToMark(mark);
  else if (target) target.scrollIntoView({ block: 'start' });
  window.addEventListener('hashchange', () => showTargetParagraph()?.scrollIntoView({ block: 'start' }));
  document.body.dataset.ready = 'true';
}

main();

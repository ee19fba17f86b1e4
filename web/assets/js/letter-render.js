import { append, el } from './dom.js';
import { gapLines, paragraphRuns } from './letter-runs.js';

/** @import { LetterView } from '../../../src/server/letter-shapes.js' */
/** @typedef {LetterView['paragraphs'][number]} Paragraph */

const squash = (/** @type {string} */ s) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Inline emphasis of a markdown letter: **strong**, __strong__, *em*, _em_ (not inside words, for underscores). */
const EMPHASIS = /(\*\*|__)(?=\S)([\s\S]+?)(?<=\S)\1|(?<![\w*])(\*|_)(?=[^\s*_])([\s\S]+?)(?<=[^\s*_])\3(?![\w*])/g;

/** How a letter's text is drawn: markdown letters show their emphasis as formatting. */
let markdown = false;

/**
 * @param {string} text
 * @param {number} from
 * @param {number} to
 * @param {string | null} nextSection
 */
function gapNodes(text, from, to, nextSection) {
  return gapLines(text, from, to).map((line) => {
    const isHeading = nextSection !== null && squash(line.text) === squash(nextSection);
    return el(isHeading ? 'h2' : 'p', { class: isHeading ? 'letter-heading' : 'letter-aside' }, runNode(text, line.start, line.end, 'text'));
  });
}

/**
 * @param {string} text
 * @param {number} start
 * @param {number} end
 * @param {'text' | 'item'} kind
 * @param {boolean} [afterBlank]
 */
function runNode(text, start, end, kind, afterBlank = false) {
  const classes = ['run', kind === 'item' ? 'run-item' : '', afterBlank ? 'run-after-blank' : ''].filter(Boolean).join(' ');
  const value = text.slice(start, end);
  if (!markdown || !/[*_]/.test(value)) return el('span', { class: classes, 'data-start': start }, value);
  // The run splits into pieces that each keep their offset; the emphasis marks stay in the
  // page, so every piece keeps its offset, but are not shown, and the text between them is styled.
  /** @type {(Node | string)[]} */
  const pieces = [];
  let at = 0;
  const piece = (/** @type {number} */ a, /** @type {number} */ b) => el('span', { class: 'run-piece', 'data-start': start + a }, value.slice(a, b));
  for (const m of value.matchAll(EMPHASIS)) {
    const index = m.index ?? 0;
    const mark = /** @type {string} */ (m[1] ?? m[3]);
    const inner = /** @type {string} */ (m[2] ?? m[4]);
    if (index > at) pieces.push(piece(at, index));
    const open = index + mark.length;
    pieces.push(
      el('span', { class: 'md-mark', 'data-start': start + index }, mark),
      el(mark.length === 2 ? 'strong' : 'em', {}, piece(open, open + inner.length)),
      el('span', { class: 'md-mark', 'data-start': open + inner.length + start }, mark),
    );
    at = open + inner.length + mark.length;
  }
  if (at < value.length) pieces.push(piece(at, value.length));
  return el('span', { class: classes }, pieces);
}

/**
 * @param {string} text
 * @param {Paragraph} p
 */
function paragraphNode(text, p) {
  const runs = paragraphRuns(text, p.start, p.end, { lineByLine: p.kind !== 'body' });
  return el(
    'div',
    { class: `para para-${p.kind}`, id: `p${p.n}`, 'data-start': p.start, 'data-end': p.end },
    el('a', { class: 'para-link', href: `#p${p.n}`, 'aria-label': `Link to paragraph ${p.n}`, title: `Link to paragraph ${p.n}` }, String(p.n)),
    el(
      'p',
      { class: 'para-body' },
      runs.map((r) => runNode(text, r.start, r.end, r.kind, r.afterBlank)),
    ),
  );
}

/**
 * The whole letter as DOM, in text order: headings and stray lines between paragraphs included.
 * @param {string} text
 * @param {Paragraph[]} paragraphs
 * @param {{ markdown?: boolean }} [options] markdown: show **emphasis** as formatting
 */
export function renderLetterText(text, paragraphs, options = {}) {
  markdown = options.markdown === true;
  const fragment = document.createDocumentFragment();
  const ordered = [...paragraphs].sort((a, b) => a.start - b.start);
  let cursor = 0;
  for (const p of ordered) {
    fragment.append(...gapNodes(text, cursor, p.start, p.section ?? null), paragraphNode(text, p));
    cursor = Math.max(cursor, p.end);
  }
  fragment.append(...gapNodes(text, cursor, text.length, null));
  return fragment;
}

/**
 * Wraps text[start, end) in <mark> elements by offsets, splitting runs where needed.
 * Returns the marks in text order (several when the span crosses runs).
 * @param {ParentNode} root
 * @param {number} start
 * @param {number} end
 */
export function highlightSpan(root, start, end) {
  const marks = [];
  for (const run of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('.run[data-start], .run-piece[data-start]'))) {
    const runStart = Number(run.dataset.start);
    // An element's textContent is never null (only a document's is).
    const value = /** @type {string} */ (run.textContent);
    const runEnd = runStart + value.length;
    if (runEnd <= start || runStart >= end) continue;
    const a = Math.max(start, runStart) - runStart;
    const b = Math.min(end, runEnd) - runStart;
    const mark = el('mark', { class: 'cited' }, value.slice(a, b));
    run.replaceChildren();
    append(run, [value.slice(0, a), mark, value.slice(b)]);
    marks.push(mark);
  }
  return marks;
}

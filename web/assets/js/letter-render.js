import { append, el } from './dom.js';
import { gapLines, paragraphRuns } from './letter-runs.js';

/** @import { LetterView } from '../../../src/server/letter-shapes.js' */
/** @typedef {LetterView['paragraphs'][number]} Paragraph */

const squash = (/** @type {string} */ s) => s.replace(/\s+/g, ' ').trim().toLowerCase();

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
  return el('span', { class: classes, 'data-start': start }, text.slice(start, end));
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
 */
export function renderLetterText(text, paragraphs) {
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
  for (const run of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('.run[data-start]'))) {
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

import { BULLET_CLASS, NUMBER_MARKER } from '../../text/bullets.js';
import { endsWithBrokenWord, joinBrokenWord, vocabularyOf } from './dehyphenate.js';
import { type LayoutStats, layoutStats } from './layout-stats.js';
import type { TextLine } from './pdf-types.js';

/** Extra space above a line, beyond this many line steps, starts a paragraph. */
const PARAGRAPH_GAP = 1.4;
const BULLET = new RegExp(`^(?:${BULLET_CLASS}|${NUMBER_MARKER}|\\([a-z0-9]{1,3}\\))\\s`, 'u');
const ENDS_SENTENCE = /[.!?]["'\u2019\u201d)]?$/u;
const LOWER_START = /^["'\u2018\u201c(]?\p{Ll}/u;
/** Share of the measure (left edge of the line to the body's right margin) a wrapped line fills. */
const LONG_LINE = 0.7;

/**
 * Lines (top to bottom, page after page) as letter text: paragraphs separated by a blank line,
 * a wrapped paragraph joined into one line, short lines (address, sign-off) kept as lines.
 * A paragraph starts after extra vertical space, at a bullet, at a change of font or size
 * after a line that did not wrap, or after a short line that ends a sentence.
 */
export function linesToText(pages: TextLine[][]): string {
  const stats = layoutStats(pages);
  const lines = pages.flat();
  const vocab = vocabularyOf(lines.map((l) => l.text));
  const paragraphs: string[] = [];
  let current = '';
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (!prev || current === '') {
      current = line.text;
      return;
    }
    const join = joinKind(prev, line, stats);
    if (join === 'paragraph') {
      paragraphs.push(current);
      current = line.text;
    } else if (join === 'newline') {
      current += `\n${line.text}`;
    } else {
      current = endsWithBrokenWord(current, line.text) ? joinBrokenWord(current, line.text, vocab) : `${current} ${line.text}`;
    }
  });
  if (current) paragraphs.push(current);
  return paragraphs.length ? `${paragraphs.join('\n\n')}\n` : '';
}

type Join = 'paragraph' | 'newline' | 'space';

function joinKind(prev: TextLine, line: TextLine, stats: LayoutStats): Join {
  if (BULLET.test(line.text)) return 'paragraph';
  if (Math.abs(prev.size - line.size) > 0.15 * Math.max(prev.size, line.size)) return 'paragraph';
  const wrapped = endsWithBrokenWord(prev.text, line.text) || wrapsInto(prev, line, stats);
  if (prev.page !== line.page) return wrapped || continuesSentence(prev, line) ? 'space' : 'paragraph';
  if (!line.newRow) return 'newline';
  const dy = prev.y - line.y;
  // Line spacing grows with the type: a title set large wraps with a wider step than the body.
  const step = stats.lineStep * Math.max(1, Math.min(prev.size, line.size) / stats.bodySize);
  if (dy <= 0 || dy > PARAGRAPH_GAP * step) return 'paragraph';
  if (wrapped) return 'space';
  if (prev.font !== line.font || ENDS_SENTENCE.test(prev.text)) return 'paragraph';
  if (continuesSentence(prev, line) || isLongLine(prev, stats)) return 'space';
  return 'newline';
}

/**
 * A sentence runs on from one line to the next: the line above stops mid-sentence and this one
 * starts in lower case. Catches ragged-right text (set narrower than the body, so wrapsInto does
 * not see the wrap) and sentences carried over a page break.
 */
function continuesSentence(prev: TextLine, line: TextLine): boolean {
  return !ENDS_SENTENCE.test(prev.text) && !/[:;]$/.test(prev.text) && LOWER_START.test(line.text) && Math.abs(prev.size - line.size) <= 0.15 * prev.size;
}

/** A line that fills most of the measure is prose that wrapped, never an address or a list of lines. */
function isLongLine(prev: TextLine, stats: LayoutStats): boolean {
  return prev.right - prev.x >= LONG_LINE * (stats.rightEdge - prev.x) && !/[:;]$/.test(prev.text);
}

/** The line above ended because the next word would not have fitted before the right margin. */
function wrapsInto(prev: TextLine, line: TextLine, stats: LayoutStats): boolean {
  const space = 0.28 * prev.size;
  return prev.right + space + line.firstWordWidth >= stats.rightEdge - 0.5 * prev.size;
}

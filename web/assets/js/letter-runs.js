/**
 * Splits raw letter text into display runs with exact offsets. A run shows text.slice(start, end)
 * verbatim; the only characters left out are list markers (drawn by CSS instead) and heading
 * marks, so a highlight placed by offsets covers exactly the cited characters.
 */

/**
 * The glyphs a letter marks list items with: the same set as src/text/bullets.ts, which this page
 * cannot import (it is served without a build step); test/text/bullets.test.ts checks they agree.
 */
export const BULLET_GLYPHS = '-*+\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\u25a0\u25fc\uf0b7\uf0a7\uf076\uf0d8\uf06e\uf02d';
const BULLET = new RegExp(`^([ \\t]*)([${BULLET_GLYPHS.replace('-', '\\-')}])[ \\t]+`);
const INDENT = /^[ \t]*/;
const HEADING_MARKS = /^[ \t]*#{1,6}[ \t]+/;

/**
 * @param {string} text
 * @param {number} from
 * @param {number} to
 */
function* lines(text, from, to) {
  let start = from;
  while (start < to) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 || nl >= to ? to : nl;
    yield { start, end, text: text.slice(start, end) };
    start = end + 1;
  }
}

/**
 * Runs of one paragraph [from, to). Body text flows: hard line breaks join into one run, a new run
 * starts at a list item or after a blank line. `lineByLine` (letterheads, addresses, sign-offs)
 * keeps every line as its own run. Each run: {start, end, kind: 'text'|'item', afterBlank}.
 * @param {string} text
 * @param {number} from
 * @param {number} to
 * @param {{ lineByLine?: boolean }} [options]
 */
export function paragraphRuns(text, from, to, { lineByLine = false } = {}) {
  /** @type {{ start: number, end: number, kind: 'text' | 'item', afterBlank: boolean }[]} */
  const runs = [];
  let blankSeen = false;
  for (const line of lines(text, from, to)) {
    if (line.text.trim() === '') {
      blankSeen = true;
      continue;
    }
    const bullet = BULLET.exec(line.text);
    // INDENT matches every line, if only with the empty string.
    const indent = /** @type {RegExpExecArray} */ (INDENT.exec(line.text))[0].length;
    const current = runs.at(-1);
    const startsRun = !current || bullet || lineByLine || blankSeen;
    if (startsRun) {
      // The previous run keeps everything up to this run's marker, so only markers are dropped.
      if (current) current.end = line.start + (bullet ? /** @type {string} */ (bullet[1]).length : indent);
      runs.push({
        start: line.start + (bullet ? bullet[0].length : indent),
        end: to,
        kind: bullet ? 'item' : 'text',
        afterBlank: blankSeen && runs.length > 0,
      });
    }
    blankSeen = false;
  }
  const last = runs.at(-1);
  if (last) last.end = to;
  return runs;
}

/**
 * Non-blank lines between paragraphs (headings, stray lines), without markdown heading marks.
 * @param {string} text
 * @param {number} from
 * @param {number} to
 */
export function gapLines(text, from, to) {
  const out = [];
  for (const line of lines(text, from, to)) {
    if (line.text.trim() === '') continue;
    const skip = /** @type {RegExpExecArray} */ (HEADING_MARKS.exec(line.text) ?? INDENT.exec(line.text))[0].length;
    const content = line.text.slice(skip).trimEnd();
    out.push({ start: line.start + skip, end: line.start + skip + content.length, text: content });
  }
  return out;
}

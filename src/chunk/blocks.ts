import { BULLET_CLASS, NUMBER_MARKER } from '../text/bullets.js';
import type { Span } from '../text/sentence-spans.js';

export interface Block extends Span {
  /** Number of lines in the block. */
  lines: number;
}

/**
 * Maximal runs of lines separated by whitespace-only lines, each trimmed of surrounding
 * whitespace. Handles \n, \r\n and lone \r line ends.
 */
export function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let current: Block | null = null;
  for (let m = lineRe.exec(text); m && m[0] !== ''; m = lineRe.exec(text)) {
    const lineStart = m.index;
    const body = m[0].replace(/[\r\n]+$/, '');
    const lead = body.length - body.trimStart().length;
    const content = body.trim();
    if (content === '') {
      current = null;
      continue;
    }
    const start = lineStart + lead;
    const end = start + content.length;
    if (current) {
      current.end = end;
      current.lines++;
    } else {
      current = { start, end, lines: 1 };
      blocks.push(current);
    }
  }
  return blocks;
}

const BULLET_LINE = new RegExp(`^[ \\t]*${BULLET_CLASS}\\s`);
const NUMBERED_LINE = new RegExp(`^[ \\t]*${NUMBER_MARKER}\\s`);
// A salutation set right under the address, with no blank line, still begins the letter.
const SALUTATION_LINE = /^[ \t]*Dear\s+\S/;

/**
 * Blocks split where a line begins a list item, so that items set one under the other with no
 * blank line between them still come apart. A line opening with a bullet glyph always begins
 * an item; a numbered line only inside a block that itself begins with one (elsewhere "2." at a
 * line's start may be a wrapped sentence's number). A "Dear …" line is split off its address too.
 */
export function splitListItems(text: string, blocks: Block[]): Block[] {
  return blocks.flatMap((block) => {
    if (block.lines === 1) return [block];
    const numbered = NUMBERED_LINE.test(text.slice(block.start, block.end));
    const out: Block[] = [];
    const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
    lineRe.lastIndex = block.start;
    for (let m = lineRe.exec(text); m && m.index < block.end; m = lineRe.exec(text)) {
      const line = m[0].replace(/[\r\n]+$/, '');
      const lead = line.length - line.trimStart().length;
      const start = m.index + lead;
      const end = Math.min(block.end, m.index + line.trimEnd().length);
      if (end <= start) continue;
      const cur = out.at(-1);
      if (cur && !(BULLET_LINE.test(line) || SALUTATION_LINE.test(line) || (numbered && NUMBERED_LINE.test(line)))) {
        cur.end = end;
        cur.lines++;
      } else out.push({ start, end, lines: 1 });
      if (m[0] === '') break;
    }
    return out;
  });
}

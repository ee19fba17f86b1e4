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

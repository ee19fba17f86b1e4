import type { Block } from './blocks.js';
import { type BlockRole, isShortSentenceLine, paragraphNumber } from './classify.js';

/** This many heading-shaped lines in a row are a table or a list of lines, not headings. */
const MAX_HEADINGS_IN_A_ROW = 2;

/**
 * Decides which heading-shaped lines ('shortline') are headings, from their neighbours: a
 * heading is followed by what it heads, and stands alone or with one sub-heading (three or more
 * such lines in a row are table rows, an address, a contents list). A short sentence between
 * numbered paragraphs n and n + 1 interrupts the numbering, as only a heading does
 * ("The experiences and progress of children in care is good." between 13. and 14.).
 */
export function resolveHeadings(text: string, blocks: Block[], roles: BlockRole[]): BlockRole[] {
  const out = [...roles];
  let runStart = 0;
  for (let i = 0; i <= roles.length; i++) {
    if (roles[i] === 'shortline') continue;
    const run = i - runStart;
    for (let j = runStart; j < i; j++) out[j] = run > MAX_HEADINGS_IN_A_ROW ? 'row' : headsSomething(roles[i]) ? 'heading' : 'text';
    runStart = i + 1;
  }
  let lastNumber: number | null = null;
  blocks.forEach((block, i) => {
    const n = paragraphNumber(text, block);
    if (n !== null) lastNumber = n;
    const next = blocks[i + 1];
    if ((out[i] !== 'text' && out[i] !== 'row') || !next || lastNumber === null || !isShortSentenceLine(text, block)) return;
    if (paragraphNumber(text, next) === lastNumber + 1) out[i] = 'heading';
  });
  return out;
}

function headsSomething(next: BlockRole | undefined): boolean {
  return next === 'text' || next === 'list' || next === 'heading';
}

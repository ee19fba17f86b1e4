import { BULLET_CLASS, NUMBER_MARKER } from '../text/bullets.js';
import type { Block } from './blocks.js';

export type BlockRole = 'heading' | 'list' | 'salutation' | 'signoff' | 'copying' | 'text';

const MD_HEADING = /^#{1,6}\s+\S/;
const BOLD_LINE = /^\*\*[^*\n]+\*\*$/;
// A block (after a blank line) cannot be a wrapped line, so here an en dash marks an item too.
const LIST_ITEM = new RegExp(`^(?:${BULLET_CLASS}|\u2013|${NUMBER_MARKER})\\s`);
const SALUTATION = /^Dear\s+\S/;
const SIGNOFF = /^Yours (?:sincerely|faithfully)\b/i;
const COPYING = /^I am copying this letter\b/;

export function classifyBlock(text: string, block: Block): BlockRole {
  const s = text.slice(block.start, block.end);
  if (SALUTATION.test(s) && block.lines === 1) return 'salutation';
  if (SIGNOFF.test(s)) return 'signoff';
  if (COPYING.test(s)) return 'copying';
  if (block.lines === 1 && (MD_HEADING.test(s) || BOLD_LINE.test(s))) return 'heading';
  if (LIST_ITEM.test(s)) return 'list';
  if (block.lines === 1 && looksLikePlainHeading(s)) return 'heading';
  return 'text';
}

/** PDF text loses heading markup: a short capitalised line with no sentence punctuation. */
function looksLikePlainHeading(s: string): boolean {
  if (s.length > 100 || /[.:;,?!]$/.test(s)) return false;
  const words = s.split(/\s+/);
  return words.length <= 12 && /^\p{Lu}/u.test(s) && !/^\d/.test(s);
}

export function headingText(raw: string): string {
  return raw
    .replace(/^#{1,6}\s+/, '')
    .replace(/^\*\*|\*\*$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

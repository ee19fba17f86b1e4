import { BULLET_CLASS, NUMBER_MARKER } from '../text/bullets.js';

export const SUB_NUMBER = '\\d{1,2}\\.\\d{1,2}';

import type { Block } from './blocks.js';

/**
 * What a block is, judged from the block alone. 'shortline' has a heading's shape (one short
 * capitalised line, no closing sentence punctuation); whether it is one depends on its
 * neighbours (headings.ts), and three or more in a row are 'row's: a table's rows ("Overall
 * effectiveness Good"), an address. 'boilerplate' opens the publisher's closing page of a report.
 */
export type BlockRole = 'heading' | 'shortline' | 'row' | 'list' | 'salutation' | 'signoff' | 'copying' | 'boilerplate' | 'text';

const MD_HEADING = /^#{1,6}\s+\S/;
const BOLD_LINE = /^\*\*[^*\n]+\*\*$/;
// A block (after a blank line) cannot be a wrapped line, so here an en dash marks an item too.
// "2.1 Adoption performance": a sub-numbered item, as in the judgement tables of older reports.
const LIST_ITEM = new RegExp(`^(?:${BULLET_CLASS}|\u2013|${NUMBER_MARKER}|${SUB_NUMBER})\\s`);
const SALUTATION = /^Dear\s+\S/;
const SIGNOFF = /^Yours (?:sincerely|faithfully)\b/i;
const COPYING = /^I am copying this letter\b/;
/**
 * The standard back page Ofsted prints on every report (what Ofsted is, alternative formats, the
 * Open Government Licence, Crown copyright): the publisher's text, the same on every report, not
 * any one document's words.
 */
const BOILERPLATE =
  /^(?:The Office for Standards in Education\b[^\n]*?\s\(Ofsted\)\s+regulates|If you would like a copy of this document in a different format|You may reuse this information \(not including logos\)|©\s*Crown copyright)/;

/** Headings are short: longer single lines are one-sentence paragraphs. */
const HEADING_MAX_WORDS = 20;
const HEADING_MAX_CHARS = 160;

export function classifyBlock(text: string, block: Block): BlockRole {
  const s = text.slice(block.start, block.end);
  // A two-column letterhead can leave one stray line under the salutation.
  if (SALUTATION.test(s) && block.lines <= 2) return 'salutation';
  if (SIGNOFF.test(s)) return 'signoff';
  if (COPYING.test(s)) return 'copying';
  if (BOILERPLATE.test(s)) return 'boilerplate';
  if (block.lines === 1 && (MD_HEADING.test(s) || BOLD_LINE.test(s))) return 'heading';
  if (LIST_ITEM.test(s)) return 'list';
  if (block.lines === 1 && hasHeadingShape(s)) return 'shortline';
  return 'text';
}

/**
 * PDF text loses heading markup: a short capitalised line with no closing punctuation but a
 * question mark (and perhaps a footnote number after it), and no "Label: value" colon near its
 * start ("Inspection dates: …", "Lead inspector: …" are fields, not headings).
 */
export function hasHeadingShape(s: string): boolean {
  if (s.length > HEADING_MAX_CHARS || /[.:;,!]$/.test(s)) return false;
  const words = s.split(/\s+/);
  if (words.length > HEADING_MAX_WORDS || !/^\p{Lu}/u.test(s)) return false;
  return !words.slice(0, 3).some((w) => w.endsWith(':'));
}

/** One short capitalised line ending in a full stop: a heading only where numbering says so. */
export function isShortSentenceLine(text: string, block: Block): boolean {
  const s = text.slice(block.start, block.end);
  return block.lines === 1 && /\.$/.test(s) && hasHeadingShape(s.slice(0, -1));
}

/** The number of a numbered paragraph ("14. Most children…"), or null. */
export function paragraphNumber(text: string, block: Block): number | null {
  const m = /^(\d{1,2})[.)]\s/.exec(text.slice(block.start, block.end));
  return m ? Number(m[1]) : null;
}

export function headingText(raw: string): string {
  return raw
    .replace(/^#{1,6}\s+/, '')
    .replace(/^\*\*|\*\*$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

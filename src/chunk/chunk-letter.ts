import { countTextTokens as countTokens } from '../text/count-tokens.js';
import { type Span, sentenceSpans } from '../text/sentence-spans.js';
import { splitBlocks, splitListItems } from './blocks.js';
import type { Chunk, ChunkedLetter, ChunkKind, ChunkOptions, Heading } from './chunk.js';
import { DEFAULT_CHUNK_OPTIONS } from './chunk.js';
import { type BlockRole, classifyBlock, headingText } from './classify.js';
import { resolveHeadings } from './headings.js';
import { splitLong } from './split-long.js';

/**
 * intro: ends with a colon, so short unmarked items may follow (PDF extraction often drops the
 * bullet glyphs); plain: short unmarked items join until one ends a sentence. Marked items
 * (bullets, numbers) never join: each is its own chunk, so a finding can be cited alone.
 */
type ListState = 'intro' | 'plain' | null;

const MAX_UNMARKED_ITEM_WORDS = 40;

interface Draft extends Span {
  /** The block the draft began with: pieces of one draft may rejoin, list items never join another. */
  id: number;
  kind: ChunkKind;
  section: string | null;
  role: BlockRole;
  /** Whether following blocks continue a list this draft introduced. */
  list: ListState;
  /** How many headings precede the draft: drafts merge only under the same heading. */
  headingIndex: number;
}

/**
 * Splits a letter into paragraph chunks with exact offsets. Headings label the paragraphs
 * under them; each bullet or numbered paragraph is a chunk of its own, labelled with the
 * sentence that introduces its list (or the heading); letterhead, sign-off and the publisher's
 * back page are kept as chunks, marked front/closing; short fragments merge, long paragraphs split.
 */
export function chunkLetter(text: string, options: Partial<ChunkOptions> = {}): ChunkedLetter {
  const opts = { ...DEFAULT_CHUNK_OPTIONS, ...options };
  const blocks = splitListItems(text, splitBlocks(text));
  const roles = resolveHeadings(
    text,
    blocks,
    blocks.map((b) => classifyBlock(text, b)),
  );
  const hasSalutation = roles.includes('salutation');
  // Without a salutation (a report), the title block is front matter until the first heading or paragraph.
  let zone: ChunkKind = 'front';
  let section: string | null = null;
  let leadIn: string | null = null;
  const headings: Heading[] = [];
  const drafts: Draft[] = [];

  blocks.forEach((block, i) => {
    const role = roles[i] as BlockRole;
    if (role === 'signoff' || role === 'copying' || role === 'boilerplate') zone = 'closing';
    if (zone === 'front' && !hasSalutation && role !== 'heading' && wordCount(text, block) >= opts.minWords) zone = 'body';
    const isHeading = role === 'heading' && zone !== 'closing' && !(zone === 'front' && hasSalutation && !isTitle(text, block));
    if (isHeading) {
      section = headingText(text.slice(block.start, block.end));
      leadIn = null;
      headings.push({ start: block.start, end: block.end, text: section });
      if (zone === 'front') zone = 'body';
      return;
    }
    const prev = drafts.at(-1);
    const sameSection = prev && prev.headingIndex === headings.length && prev.kind === zone;
    if (prev && sameSection && continuesList(text, prev.list, role, block)) {
      prev.end = block.end;
      prev.list = endsSentence(text, block) ? null : 'plain';
      return;
    }
    const isItem = role === 'list';
    if (!isItem) leadIn = endsWithColon(text, block) ? lastSentence(text, block) : null;
    const list: ListState = !isItem && endsWithColon(text, block) ? 'intro' : null;
    drafts.push({ id: i, start: block.start, end: block.end, kind: zone, section: isItem ? (leadIn ?? section) : section, role, list, headingIndex: headings.length });
    if (role === 'salutation') zone = 'body';
  });

  const pieces = mergeShortFragments(text, drafts, opts.minWords).flatMap((d) => splitLong(text, d, opts.maxTokens, opts.minWords).map((p) => ({ ...d, ...p })));
  const chunks: Chunk[] = absorbShortPieces(text, pieces, opts).map((p, i) => ({
    n: i + 1,
    start: p.start,
    end: p.end,
    section: p.section,
    kind: p.kind,
    tokens: countTokens(text.slice(p.start, p.end)),
  }));
  return { chunks, headings };
}

/** The sentence that ends a lead-in block, as display text: the context of the list after it. */
function lastSentence(text: string, block: Span): string {
  const last = sentenceSpans(text, block.start, block.end).at(-1) ?? block;
  return text.slice(last.start, last.end).replace(/\s+/g, ' ').trim();
}

function isTitle(text: string, block: Span): boolean {
  return /^[#*\s]*(?:Monitoring|Focused|Joint targeted|Inspection)\b/i.test(text.slice(block.start, block.end));
}

function continuesList(text: string, state: ListState, role: BlockRole, block: Span): boolean {
  if (state === null || role !== 'text') return false;
  return wordCount(text, block) < MAX_UNMARKED_ITEM_WORDS;
}

function endsSentence(text: string, span: Span): boolean {
  return /[.!?]["'\u2019\u201d)]?\s*$/.test(text.slice(span.start, span.end));
}

function endsWithColon(text: string, span: Span): boolean {
  return /:\s*$/.test(text.slice(span.start, span.end));
}

function wordCount(text: string, span: Span): number {
  return text.slice(span.start, span.end).split(/\s+/).filter(Boolean).length;
}

/**
 * Fragments under minWords join the next draft under the same heading and of the same kind (or
 * the previous one, if last): a merge never swallows a heading or crosses front/body/closing.
 */
function mergeShortFragments(text: string, drafts: Draft[], minWords: number): Draft[] {
  const out: Draft[] = [];
  let carry: Draft | null = null;
  for (const d of drafts) {
    const joins = carry !== null && sameGroup(carry, d);
    if (carry && !joins) appendOrPush(out, carry);
    const cur: Draft = carry && joins ? { ...d, start: carry.start } : d;
    carry = null;
    if (wordCount(text, cur) < minWords && !standsAlone(cur)) carry = cur;
    else out.push(cur);
  }
  if (carry) appendOrPush(out, carry);
  return out;
}

/** A fragment left over at the end of its group joins the previous draft of that group. */
function appendOrPush(out: Draft[], fragment: Draft): void {
  const prev = out.at(-1);
  if (prev && sameGroup(prev, fragment)) prev.end = fragment.end;
  else out.push(fragment);
}

/**
 * Splitting can still leave a fragment beside an over-long sentence or word: it joins a
 * neighbour in its group where the join stays within maxTokens.
 */
function absorbShortPieces(text: string, pieces: Draft[], opts: ChunkOptions): Draft[] {
  const out: Draft[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i] as Draft;
    const prev = out.at(-1);
    const next = pieces[i + 1];
    const fits = (start: number, end: number) => countTokens(text.slice(start, end)) <= opts.maxTokens;
    if (wordCount(text, p) < opts.minWords && prev && sameGroup(prev, p) && fits(prev.start, p.end)) prev.end = p.end;
    else if (wordCount(text, p) < opts.minWords && next && sameGroup(next, p) && fits(p.start, next.end)) next.start = p.start;
    else out.push(p);
  }
  return out;
}

/**
 * Whether two drafts may become one chunk: same kind and heading, and no list item or body table
 * row joins another draft (each is a finding or a grade to cite alone). Rows of the letterhead
 * and the back page (addresses) merge like any fragment.
 */
function sameGroup(a: Draft, b: Draft): boolean {
  if (a.id === b.id) return true;
  return a.kind === b.kind && a.headingIndex === b.headingIndex && a.section === b.section && standsAlone(a) === false && standsAlone(b) === false;
}

function standsAlone(d: Draft): boolean {
  return d.role === 'list' || (d.role === 'row' && d.kind === 'body');
}

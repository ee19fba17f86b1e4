import { countTextTokens as countTokens } from '../text/count-tokens.js';
import { splitBlocks } from './blocks.js';
import type { Chunk, ChunkKind, ChunkOptions, ChunkedLetter, Heading } from './chunk.js';
import { DEFAULT_CHUNK_OPTIONS } from './chunk.js';
import { type BlockRole, classifyBlock, headingText } from './classify.js';
import { type Span, sentenceSpans } from './sentences.js';

/**
 * intro: ends with a colon, so bullets or short unmarked items may follow (PDF extraction
 * often drops the bullet glyphs); bullets: only further bullets join; plain: short unmarked
 * items join until one ends a sentence.
 */
type ListState = 'intro' | 'bullets' | 'plain' | null;

const MAX_UNMARKED_ITEM_WORDS = 40;

interface Draft extends Span {
  kind: ChunkKind;
  section: string | null;
  role: BlockRole;
  /** Whether following blocks continue a list this draft introduced. */
  list: ListState;
}

/**
 * Splits a letter into paragraph chunks with exact offsets. Headings label the paragraphs
 * under them; lists stay with the sentence that introduces them; letterhead and sign-off are
 * kept as chunks, marked front/closing; short fragments merge, long paragraphs split.
 */
export function chunkLetter(text: string, options: Partial<ChunkOptions> = {}): ChunkedLetter {
  const opts = { ...DEFAULT_CHUNK_OPTIONS, ...options };
  const blocks = splitBlocks(text);
  const roles = blocks.map((b) => classifyBlock(text, b));
  const hasSalutation = roles.includes('salutation');
  let zone: ChunkKind = hasSalutation ? 'front' : 'body';
  let section: string | null = null;
  const headings: Heading[] = [];
  const drafts: Draft[] = [];

  blocks.forEach((block, i) => {
    const role = roles[i] as BlockRole;
    if (role === 'signoff' || role === 'copying') zone = 'closing';
    const isHeading = role === 'heading' && zone !== 'closing' && !(zone === 'front' && !isTitle(text, block));
    if (isHeading) {
      section = headingText(text.slice(block.start, block.end));
      headings.push({ start: block.start, end: block.end, text: section });
      if (zone === 'front') zone = 'body';
      return;
    }
    const prev = drafts.at(-1);
    const sameSection = prev && prev.section === section && prev.kind === zone;
    if (prev && sameSection && continuesList(text, prev.list, role, block)) {
      prev.end = block.end;
      prev.list = role === 'list' ? 'bullets' : endsSentence(text, block) ? null : 'plain';
      return;
    }
    const list: ListState = role === 'list' ? 'bullets' : endsWithColon(text, block) ? 'intro' : null;
    drafts.push({ start: block.start, end: block.end, kind: zone, section, role, list });
    if (role === 'salutation') zone = 'body';
  });

  const merged = mergeShortFragments(text, drafts, opts.minWords);
  const chunks: Chunk[] = [];
  for (const d of merged) {
    for (const piece of splitLong(text, d, opts.maxTokens)) {
      chunks.push({ n: chunks.length + 1, start: piece.start, end: piece.end, section: d.section, kind: d.kind, tokens: countTokens(text.slice(piece.start, piece.end)) });
    }
  }
  return { chunks, headings };
}

function isTitle(text: string, block: Span): boolean {
  return /^[#*\s]*(?:Monitoring|Focused|Joint targeted|Inspection)\b/i.test(text.slice(block.start, block.end));
}

function continuesList(text: string, state: ListState, role: BlockRole, block: Span): boolean {
  if (state === null || role === 'heading' || role === 'signoff' || role === 'copying') return false;
  if (role === 'list') return true;
  return state !== 'bullets' && wordCount(text, block) < MAX_UNMARKED_ITEM_WORDS;
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

/** Fragments under minWords join the next draft of the same kind (or the previous, if last). */
function mergeShortFragments(text: string, drafts: Draft[], minWords: number): Draft[] {
  const out: Draft[] = [];
  let carry: Draft | null = null;
  for (const d of drafts) {
    const cur: Draft = carry && carry.kind === d.kind ? { ...d, start: carry.start, section: carry.section ?? d.section } : d;
    if (carry && carry.kind !== d.kind) appendOrPush(out, carry);
    carry = null;
    if (wordCount(text, cur) < minWords && cur.role !== 'list') carry = cur;
    else out.push(cur);
  }
  if (carry) appendOrPush(out, carry);
  return out;
}

/** A fragment left over at the end of its kind joins the previous draft of that kind. */
function appendOrPush(out: Draft[], fragment: Draft): void {
  const prev = out.at(-1);
  if (prev && prev.kind === fragment.kind) prev.end = fragment.end;
  else out.push(fragment);
}

/** Splits a span at sentence boundaries so each piece stays within maxTokens. */
function splitLong(text: string, span: Span, maxTokens: number): Span[] {
  if (countTokens(text.slice(span.start, span.end)) <= maxTokens) return [span];
  const pieces: Span[] = [];
  let cur: Span | null = null;
  for (const s of sentenceSpans(text, span.start, span.end).flatMap((s) => splitOversizedSentence(text, s, maxTokens))) {
    if (cur && countTokens(text.slice(cur.start, s.end)) <= maxTokens) cur.end = s.end;
    else {
      if (cur) pieces.push(cur);
      cur = { ...s };
    }
  }
  if (cur) pieces.push(cur);
  return pieces;
}

/** A single sentence over the limit (rare: a run-on list) is cut at whitespace. */
function splitOversizedSentence(text: string, s: Span, maxTokens: number): Span[] {
  if (countTokens(text.slice(s.start, s.end)) <= maxTokens) return [s];
  const out: Span[] = [];
  let start = s.start;
  const wordEnds = [...text.slice(s.start, s.end).matchAll(/\S+/g)].map((m) => ({ start: s.start + m.index, end: s.start + m.index + m[0].length }));
  let last: Span | null = null;
  for (const w of wordEnds) {
    if (last && countTokens(text.slice(start, w.end)) > maxTokens) {
      out.push({ start, end: last.end });
      start = w.start;
    }
    last = w;
  }
  if (last) out.push({ start, end: last.end });
  return out;
}

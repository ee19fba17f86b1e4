import type { ChunkedLetter, ChunkOptions } from '../../src/chunk/chunk.js';
import { hasHeadingShape, SUB_NUMBER } from '../../src/chunk/classify.js';
import { BULLET_CLASS, NUMBER_MARKER } from '../../src/text/bullets.js';
import { countTextTokens as countTokens } from '../../src/text/count-tokens.js';

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const flat = (s: string) => s.replace(/\s+/g, ' ');
const ITEM = new RegExp(`^(?:${BULLET_CLASS}|\u2013|${NUMBER_MARKER}|${SUB_NUMBER})\\s`);
/** Whether the chunk begins a list item (or is a later piece of a long one: then the lead-in check is loose). */
const isItem = (text: string, c: { start: number; end: number }) => ITEM.test(text.slice(c.start, c.end));
/** A body chunk of one heading-shaped line that is not a heading: a table row ("Overall effectiveness Good"). */
const isRow = (text: string, c: { start: number; end: number; kind: string }) =>
  c.kind === 'body' && !/[\r\n]/.test(text.slice(c.start, c.end)) && hasHeadingShape(text.slice(c.start, c.end));

/**
 * Every rule the issue sets for chunking, checked on one result. Returns the broken rules as
 * readable lines (empty when all hold), so a failure shows what broke and where.
 */
export function chunkInvariantViolations(text: string, result: ChunkedLetter, opts: ChunkOptions): string[] {
  const out: string[] = [];
  const { chunks, headings } = result;
  const show = (s: number, e: number) => JSON.stringify(text.slice(s, e).slice(0, 60));

  chunks.forEach((c, i) => {
    const slice = text.slice(c.start, c.end);
    if (c.n !== i + 1) out.push(`chunk ${i} has n=${c.n}, expected ${i + 1}`);
    if (!(c.start < c.end) || slice.trim() === '') out.push(`chunk ${c.n} is empty`);
    if (slice !== slice.trim()) out.push(`chunk ${c.n} has surrounding whitespace: ${show(c.start, c.end)}`);
    if (c.tokens !== countTokens(slice)) out.push(`chunk ${c.n} tokens=${c.tokens}, counted ${countTokens(slice)}`);
    if (c.tokens > opts.maxTokens && /\s/.test(slice)) out.push(`chunk ${c.n} has ${c.tokens} tokens (limit ${opts.maxTokens}) but is not a single word`);
  });

  // Chunks and headings together: ordered, non-overlapping, covering every non-whitespace char.
  const spans = [...chunks.map((c) => ({ ...c, what: `chunk ${c.n}` })), ...headings.map((h) => ({ ...h, what: `heading ${JSON.stringify(h.text)}` }))].sort(
    (a, b) => a.start - b.start,
  );
  for (let i = 1; i < chunks.length; i++) {
    if ((chunks[i - 1]?.end ?? 0) > (chunks[i]?.start ?? 0)) out.push(`chunks ${i} and ${i + 1} overlap or are out of order`);
  }
  for (let i = 1; i < spans.length; i++) {
    const a = spans[i - 1];
    const b = spans[i];
    if (a && b && a.end > b.start) out.push(`${a.what} overlaps ${b.what}`);
  }
  const owners = new Uint8Array(text.length);
  for (const s of spans) for (let i = s.start; i < s.end; i++) owners[i] = (owners[i] ?? 0) + 1;
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i] as string)) continue;
    if (owners[i] !== 1) {
      out.push(`char ${i} ${JSON.stringify(text[i])} (in ${show(Math.max(0, i - 20), i + 20)}) belongs to ${owners[i]} spans`);
      break;
    }
  }

  // Each paragraph sits under the last heading before it; a list item may instead carry the
  // sentence that introduces its list, which then lies between that heading and the item.
  for (const c of chunks) {
    const h = headings.filter((x) => x.end <= c.start).at(-1);
    const leadInOk = isItem(text, c) && c.section !== null && flat(text.slice(h?.end ?? 0, c.start)).includes(c.section);
    if (c.section !== (h?.text ?? null) && !leadInOk) out.push(`chunk ${c.n} section ${JSON.stringify(c.section)}, last heading before it is ${JSON.stringify(h?.text ?? null)}`);
  }

  // front* body* closing*
  const order = { front: 0, body: 1, closing: 2 };
  for (let i = 1; i < chunks.length; i++) {
    const a = chunks[i - 1];
    const b = chunks[i];
    if (a && b && order[a.kind] > order[b.kind]) out.push(`chunk ${b.n} is ${b.kind} after a ${a.kind} chunk`);
  }

  // A short fragment may stand alone only where no neighbour could take it: a different kind,
  // a heading in between, or a merge that would break the token limit.
  // List items (bullets, numbered paragraphs) and table rows in the body stand alone whatever their length.
  chunks.forEach((c, i) => {
    if (words(text.slice(c.start, c.end)) >= opts.minWords || isItem(text, c) || isRow(text, c)) return;
    for (const nb of [chunks[i - 1], chunks[i + 1]]) {
      if (!nb || nb.kind !== c.kind || nb.section !== c.section || isItem(text, nb) || isRow(text, nb)) continue;
      const from = Math.min(nb.start, c.start);
      const to = Math.max(nb.end, c.end);
      if (headings.some((h) => h.start >= from && h.end <= to)) continue;
      if (countTokens(text.slice(from, to)) > opts.maxTokens) continue;
      out.push(`chunk ${c.n} (${words(text.slice(c.start, c.end))} words: ${show(c.start, c.end)}) could have merged with chunk ${nb.n}`);
    }
  });
  return out;
}

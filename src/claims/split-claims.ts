import { sentenceSpans } from '../text/sentence-spans.js';

export interface ClaimSpan {
  start: number;
  end: number;
  refs: number[];
}

/** "The letter of 2 August 2018 (third monitoring visit) says:" introduces claims; it is not one. */
const LEAD_IN = /^[^[\]]{0,200}?\b(?:says|said|states|stated|found|reports|reported|notes|noted|wrote|the closest they come is)\s*:$/i;

/**
 * Splits an answer into claims: sentences, or clauses closed by [n] markers, each with the refs
 * that follow it. Offsets index the answer text and exclude the markers and lead-ins.
 */
export function splitClaims(answer: string): ClaimSpan[] {
  const pieces: ClaimSpan[] = [];
  for (const line of lineSpans(answer)) {
    let cursor = line.start;
    // Markers end a clause even mid-sentence: "X is high [1], and Y is low [2]."
    const re = /(?:\s*\[\d+\])+/g;
    re.lastIndex = line.start;
    for (let m = re.exec(answer); m && m.index < line.end; m = re.exec(answer)) {
      const refs = [...m[0].matchAll(/\[(\d+)\]/g)].map((r) => Number(r[1]));
      for (const s of sentencesIn(answer, cursor, m.index)) pieces.push({ ...s, refs: [] });
      const last = pieces.at(-1);
      if (last && last.end <= m.index && last.start >= cursor && last.refs.length === 0) last.refs = refs;
      cursor = m.index + m[0].length;
    }
    for (const s of sentencesIn(answer, cursor, line.end)) pieces.push({ ...s, refs: [] });
  }
  return pieces.filter((p) => !LEAD_IN.test(answer.slice(p.start, p.end)) && /[\p{L}\p{N}]/u.test(answer.slice(p.start, p.end)));
}

function lineSpans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (const m of text.matchAll(/\n/g)) {
    out.push({ start, end: m.index });
    start = m.index + 1;
  }
  out.push({ start, end: text.length });
  return out;
}

/** Sentences in [from, to), with a lead-in ("… says:") split off the sentence it introduces. */
function sentencesIn(text: string, from: number, to: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const s of sentenceSpans(text, from, to)) {
    const body = text.slice(s.start, s.end);
    const colon = /^([^[\]]{0,200}?\b(?:says|said|states|stated|found|reports|reported|notes|noted|wrote)\s*:)\s+(?=\S)/i.exec(body);
    if (colon?.[1]) {
      out.push({ start: s.start, end: s.start + colon[1].length });
      out.push({ start: s.start + colon[0].length, end: s.end });
    } else out.push(s);
  }
  return out;
}

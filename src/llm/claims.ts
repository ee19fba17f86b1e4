/** A stretch of the answer and the passage numbers it cites. */
export interface Claim {
  /** The words the markers vouch for, markers removed. */
  text: string;
  refs: number[];
}

const MARKER_RUN = /(?:\s*\[\d{1,3}\])+/y;
const SENTENCE_END = /[.!?]["'\u2019\u201d)]*(?=\s|$)/g;
const MIN_CLAUSE_WORDS = 4;

/**
 * Splits a checked answer (markers already normalised to "[n]") into the claims its markers cite.
 * A marker after a full stop belongs to the sentence before it ("… fell. [1]"); a marker inside a
 * sentence cites the clause since the previous marker when that clause says enough on its own,
 * otherwise the whole sentence.
 */
export function claimsOf(text: string): Claim[] {
  const claims: Claim[] = [];
  for (const sentence of sentences(text)) {
    const markers = [...sentence.matchAll(/\[(\d{1,3})\]/g)];
    if (markers.length === 0) continue;
    const whole = stripMarkers(sentence);
    let clauseStart = 0;
    for (const group of groupAdjacent(markers)) {
      const clause = stripMarkers(sentence.slice(clauseStart, group.start));
      const words = clause.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
      claims.push({ text: words >= MIN_CLAUSE_WORDS ? clause : whole, refs: group.refs });
      clauseStart = group.end;
    }
  }
  return claims;
}

function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    let end = (m.index ?? 0) + m[0].length;
    MARKER_RUN.lastIndex = end;
    const run = MARKER_RUN.exec(text);
    if (run) end += run[0].length;
    if (end <= start) continue;
    out.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) out.push(text.slice(start));
  return out.filter((s) => s.trim());
}

function groupAdjacent(markers: RegExpMatchArray[]): { start: number; end: number; refs: number[] }[] {
  const groups: { start: number; end: number; refs: number[] }[] = [];
  for (const m of markers) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const n = Number(m[1]);
    const last = groups[groups.length - 1];
    if (last && /^\s*$/.test(m.input?.slice(last.end, start) ?? 'x')) {
      last.end = end;
      if (!last.refs.includes(n)) last.refs.push(n);
    } else groups.push({ start, end, refs: [n] });
  }
  return groups;
}

function stripMarkers(s: string): string {
  return s.replace(/\s*\[\d{1,3}\]/g, '').replace(/\s+/g, ' ').trim();
}

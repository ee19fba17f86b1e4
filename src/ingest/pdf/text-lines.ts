import type { PdfPage, TextLine, TextRun } from './pdf-types.js';

/** Runs whose baselines differ by less than this share a row (in ems of the larger font). */
const SAME_ROW = 0.45;
/** A horizontal gap wider than this (in ems) separates two segments of a row, e.g. letterhead columns. */
const SEGMENT_GAP = 4;
/** A gap wider than this (in ems) between runs is a space the PDF did not spell out. */
const WORD_GAP = 0.15;

/** A page's text as lines, top to bottom, left to right. */
export function pageLines(page: PdfPage): TextLine[] {
  const runs = [...page.runs].sort((p, q) => q.y - p.y || p.x - q.x);
  const rows: TextRun[][] = [];
  let rowY = Number.NaN;
  let rowSize = 0;
  for (const run of runs) {
    const row = rows.at(-1);
    if (row && Math.abs(run.y - rowY) <= SAME_ROW * Math.max(run.size, rowSize)) {
      row.push(run);
      rowSize = Math.max(rowSize, run.size);
    } else {
      rows.push([run]);
      rowY = run.y;
      rowSize = run.size;
    }
  }
  return rows.flatMap((row) => splitSegments(row.sort((p, q) => p.x - q.x)).map((seg, i) => toLine(page.number, seg, i === 0)));
}

function splitSegments(row: TextRun[]): TextRun[][] {
  const segments: TextRun[][] = [];
  let prev: TextRun | null = null;
  for (const run of row) {
    const seg = segments.at(-1);
    if (seg && prev && run.x - (prev.x + prev.width) <= SEGMENT_GAP * Math.max(run.size, prev.size)) seg.push(run);
    else segments.push([run]);
    prev = run;
  }
  return segments;
}

function toLine(page: number, runs: TextRun[], newRow: boolean): TextLine {
  let text = '';
  let prev: TextRun | null = null;
  for (const run of runs) {
    const gap = prev ? run.x - (prev.x + prev.width) : 0;
    if (prev && gap > WORD_GAP * run.size && !/\s$/.test(text) && !/^\s/.test(run.str)) text += ' ';
    text += run.str;
    prev = run;
  }
  const main = runs.reduce((best, r) => (r.str.length > best.str.length ? r : best));
  const first = runs[0] as TextRun;
  const last = runs.at(-1) as TextRun;
  const firstWord = /^\s*\S+/.exec(first.str)?.[0].trim() ?? '';
  return {
    page,
    text: text.replace(/\s+/g, ' ').trim(),
    x: first.x,
    right: last.x + last.width,
    y: main.y,
    size: main.size,
    font: main.font,
    firstWordWidth: first.str.length ? (first.width * firstWord.length) / first.str.length : 0,
    newRow,
  };
}

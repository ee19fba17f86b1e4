import type { PdfPage, TextLine, TextRun } from './pdf-types.js';
import { type TableRow, tableRows } from './table-rows.js';

/** Runs whose baselines differ by less than this share a row (in ems of the larger font). */
const SAME_ROW = 0.45;
/** A horizontal gap wider than this (in ems) separates two segments of a row, e.g. letterhead columns. */
const SEGMENT_GAP = 4;
/** A gap wider than this (in ems) between runs is a space the PDF did not spell out. */
const WORD_GAP = 0.15;

/**
 * A page's text as lines, top to bottom, left to right; each row of a two-column table
 * (table-rows.ts) as one line, its left cell then its right cell.
 */
export function pageLines(page: PdfPage): TextLine[] {
  const rows = tableRows(page.runs);
  if (rows.length === 0) return runLines(page.number, page.runs);
  const inTable = new Set(rows.flatMap((r) => r.cells.flat()));
  const lines = runLines(
    page.number,
    page.runs.filter((r) => !inTable.has(r)),
  );
  for (const row of rows) {
    const line = rowLine(page.number, row);
    const at = lines.findIndex((l) => l.y < line.y);
    lines.splice(at === -1 ? lines.length : at, 0, line);
  }
  return lines;
}

/** A table row as one line: each cell's lines joined with spaces, left cell first. */
function rowLine(page: number, row: TableRow): TextLine {
  const parts = row.cells.flatMap((cell) => runLines(page, cell));
  const first = parts[0] as TextLine;
  return {
    ...first,
    text: parts.map((l) => l.text).join(' '),
    x: Math.min(...parts.map((l) => l.x)),
    right: Math.max(...parts.map((l) => l.right)),
    y: row.top,
    newRow: true,
  };
}

function runLines(pageNumber: number, pageRuns: TextRun[]): TextLine[] {
  const runs = [...pageRuns].sort((p, q) => q.y - p.y || p.x - q.x);
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
  return mergeSuperscripts(rows).flatMap((row) => splitSegments(row.sort((p, q) => p.x - q.x)).map((seg, i) => toLine(pageNumber, seg, i === 0)));
}

/** A row set this much smaller than the row below... */
const SUPERSCRIPT_SIZE = 0.8;
/** ...and raised above its baseline by at most this (in ems of the row below) is its superscript ("16th"). */
const SUPERSCRIPT_RISE = 0.7;

function mergeSuperscripts(rows: TextRun[][]): TextRun[][] {
  const out: TextRun[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as TextRun[];
    const below = rows[i + 1];
    if (below && isSuperscriptOf(row, below)) {
      below.push(...row);
      continue;
    }
    out.push(row);
  }
  return out;
}

function isSuperscriptOf(row: TextRun[], below: TextRun[]): boolean {
  const size = Math.max(...row.map((r) => r.size));
  const belowSize = Math.max(...below.map((r) => r.size));
  const rise = Math.min(...row.map((r) => r.y)) - Math.max(...below.map((r) => r.y));
  if (size > SUPERSCRIPT_SIZE * belowSize || rise <= 0 || rise > SUPERSCRIPT_RISE * belowSize) return false;
  // Each piece sits inside the text of the row below (between its first and last run), never beside it.
  const left = Math.min(...below.map((r) => r.x));
  const right = Math.max(...below.map((r) => r.x + r.width));
  return row.every((r) => r.x > left && r.x + r.width < right && r.str.trim().length <= 3);
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

import type { TextRun } from './pdf-types.js';

/** At least this many runs must start at one x, right of the text's left edge, to make a column. */
const MIN_COLUMN_RUNS = 3;
/** A column cell is short (a grade, a page number): at most this many words. */
const MAX_CELL_WORDS = 5;
/** Its column starts at least this share of the text's width right of the left edge. */
const MIN_COLUMN_OFFSET = 0.2;
/** Space (in ems) between a row's left text and the column cell: more than a word space. */
const MIN_COLUMN_GAP = 1.5;
/** Lines of one cell are at most this far apart (in ems); rows are further apart. */
const CELL_LINE_GAP = 1.5;
/** Slack (in ems) above and below a cell when matching left cells with right cells. */
const ROW_SLACK = 0.75;

export interface TableRow {
  /** The row's runs, left cell first, each cell's lines top to bottom. */
  cells: TextRun[][];
  top: number;
}

/**
 * Rows of a two-column table (area | grade) on one page, found from where the runs sit: a column
 * of short cells all starting at one x well right of the text, each beside a left cell whose lines
 * wrap within it. Read line by line, such a table interleaves ("The impact of leaders … children /
 * Good / and families"); read as rows it gives "area … grade". Needs two rows at least, so a
 * two-column letterhead (one block each side) is left to the line reader.
 */
export function tableRows(runs: TextRun[]): TableRow[] {
  if (runs.length === 0) return [];
  const left = runs.reduce((m, r) => Math.min(m, r.x), Infinity);
  const right = runs.reduce((m, r) => Math.max(m, r.x + r.width), -Infinity);
  const rowsByY = new Map<number, TextRun[]>();
  for (const r of runs) {
    const key = Math.round(r.y);
    rowsByY.set(key, [...(rowsByY.get(key) ?? []), r]);
  }
  const sameRow = (r: TextRun) => {
    const near: TextRun[] = [];
    const reach = Math.ceil(0.45 * r.size);
    for (let y = Math.round(r.y) - reach; y <= Math.round(r.y) + reach; y++) {
      for (const o of rowsByY.get(y) ?? []) if (o !== r && Math.abs(o.y - r.y) < 0.45 * r.size) near.push(o);
    }
    return near;
  };
  const byX = new Map<number, TextRun[]>();
  for (const r of runs) {
    if (!isColumnCell(r, sameRow, left, right)) continue;
    const key = Math.round(r.x);
    byX.set(key, [...(byX.get(key) ?? []), r]);
  }
  for (const [x, column] of [...byX].sort((a, b) => b[1].length - a[1].length)) {
    if (column.length < MIN_COLUMN_RUNS) break;
    const rows = pairCells(cellsOf(column), runs, x);
    if (rows.length >= 2) return rows;
  }
  return [];
}

function isColumnCell(r: TextRun, sameRow: (r: TextRun) => TextRun[], left: number, right: number): boolean {
  if (r.x - left < MIN_COLUMN_OFFSET * (right - left) || r.str.trim().split(/\s+/).length > MAX_CELL_WORDS) return false;
  const row = sameRow(r);
  if (row.some((o) => o.x > r.x)) return false;
  return row.every((o) => r.x - (o.x + o.width) >= MIN_COLUMN_GAP * r.size);
}

/** Runs grouped into cells: vertically close runs of one column, top to bottom. */
function cellsOf(column: TextRun[]): TextRun[][] {
  const sorted = [...column].sort((a, b) => b.y - a.y || a.x - b.x);
  const cells: TextRun[][] = [];
  for (const r of sorted) {
    const cell = cells.at(-1);
    const last = cell?.at(-1);
    if (cell && last && last.y - r.y <= CELL_LINE_GAP * r.size) cell.push(r);
    else cells.push([r]);
  }
  return cells;
}

function pairCells(rightCells: TextRun[][], runs: TextRun[], columnX: number): TableRow[] {
  const spanOf = (cell: TextRun[]) => {
    const size = Math.max(...cell.map((r) => r.size));
    return { top: Math.max(...cell.map((r) => r.y)) + ROW_SLACK * size, bottom: Math.min(...cell.map((r) => r.y)) - ROW_SLACK * size };
  };
  const spans = new Map(rightCells.map((c) => [c, spanOf(c)] as const));
  const span = (cell: TextRun[]) => spans.get(cell) ?? spanOf(cell);
  const leftRuns = runs.filter((r) => r.x + r.width <= columnX);
  const used = new Set<TextRun[]>();
  const rows: TableRow[] = [];
  for (const leftCell of cellsOf(leftRuns)) {
    const l = span(leftCell);
    const match = rightCells.find((c) => !used.has(c) && span(c).top >= l.bottom && span(c).bottom <= l.top);
    if (!match) continue;
    used.add(match);
    rows.push({ cells: [leftCell, match], top: Math.max(...[...leftCell, ...match].map((r) => r.y)) });
  }
  return rows;
}

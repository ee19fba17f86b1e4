/** One piece of text as PDF.js places it: baseline origin in PDF points (y grows upwards). */
export interface TextRun {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size in points. */
  size: number;
  font: string;
}

export interface PdfPage {
  /** From 1. */
  number: number;
  /** The page's vertical extent in the runs' coordinates (y grows upwards). */
  bottom: number;
  top: number;
  runs: TextRun[];
}

/** A row of text (or one of several segments of a row set far apart), left to right. */
export interface TextLine {
  page: number;
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  font: string;
  /** Width of the first word: decides whether it would have fitted at the end of the line above. */
  firstWordWidth: number;
  /** False when this segment shares its row with the previous one (e.g. letterhead columns). */
  newRow: boolean;
}

import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';

/**
 * Builds real letter PDFs for the tests, laid out like a word processor would: wrapped lines
 * of 11 pt Helvetica, a blank line between paragraphs, bold headings, bullets with a hanging
 * indent, running header and footer with "Page n of N" on every page.
 * A word written as "assess-|ment" is broken across two lines at that hyphen.
 */
export type Block = (
  | { kind: 'para'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'bullets'; items: string[] }
  /** Short lines set one under the other with no gap: an address, a sign-off. */
  | { kind: 'lines'; lines: string[] }
) & {
  /** No blank line after this block (paragraphs told apart by layout alone). */
  tight?: boolean;
};

export interface LetterPdfOptions {
  header?: string;
  footer?: string;
  pageNumbers?: boolean;
  /** Points between the margins; narrower makes more lines and pages. */
  width?: number;
}

const SIZE = 11;
const STEP = 14;
const TOP = 770;
const BOTTOM = 80;
const LEFT = 72;

export interface LetterPdf {
  bytes: Uint8Array;
  pages: number;
  /** Blocks that begin on one page and end on the next. */
  straddling: number;
}

export async function makeLetterPdf(blocks: Block[], options: LetterPdfOptions = {}): Promise<LetterPdf> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = options.width ?? 451;
  let page = doc.addPage([595, 842]);
  let y = TOP;
  const newPageIfNeeded = () => {
    if (y >= BOTTOM) return;
    page = doc.addPage([595, 842]);
    y = TOP;
  };
  let blockPages: number[] = [];
  const drawLine = (text: string, font: PDFFont, x = LEFT) => {
    newPageIfNeeded();
    blockPages.push(doc.getPageCount());
    page.drawText(text, { x, y, size: SIZE, font });
    y -= STEP;
  };
  let straddling = 0;
  for (const block of blocks) {
    blockPages = [];
    if (block.kind === 'heading') drawLine(block.text, bold);
    else if (block.kind === 'lines') for (const l of block.lines) drawLine(l, regular);
    else if (block.kind === 'para') for (const l of wrap(block.text, regular, width)) drawLine(l, regular);
    else {
      for (const item of block.items) {
        wrap(item, regular, width - 18).forEach((l, i) => {
          if (i === 0) {
            newPageIfNeeded();
            page.drawText('\u2022', { x: LEFT, y, size: SIZE, font: regular });
          }
          drawLine(l, regular, LEFT + 18);
        });
      }
    }
    if (blockPages[0] !== blockPages.at(-1)) straddling++;
    if (!block.tight) y -= STEP;
  }
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    drawFurniture(p, i + 1, pages.length, regular, options);
  });
  return { bytes: await doc.save(), pages: pages.length, straddling };
}

function drawFurniture(page: PDFPage, n: number, total: number, font: PDFFont, options: LetterPdfOptions): void {
  if (options.header) page.drawText(options.header, { x: LEFT, y: 805, size: 9, font });
  if (options.footer) page.drawText(options.footer, { x: LEFT, y: 45, size: 9, font });
  if (options.pageNumbers) page.drawText(`Page ${n} of ${total}`, { x: 270, y: 30, size: 9, font });
}

/** Greedy word wrap; "-|" inside a word forces a break after its hyphen. */
export function wrap(text: string, font: PDFFont, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const [head, tail] = word.split('-|') as [string, string | undefined];
    const candidate = line ? `${line} ${head}` : head;
    if (line && font.widthOfTextAtSize(tail === undefined ? candidate : `${candidate}-`, SIZE) > width) {
      lines.push(line);
      line = head;
    } else line = candidate;
    if (tail !== undefined) {
      lines.push(`${line}-`);
      line = tail;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The text a block is expected to become: "-|" removed (the caller decides about the hyphen). */
export function plain(text: string): string {
  return text.replace(/-\|/g, '-');
}

export interface PlacedText {
  text: string;
  x: number;
  y: number;
  size?: number;
}

/** A PDF with each piece of text exactly where it is placed, one array per page (Helvetica). */
export async function makePlacedPdf(pages: PlacedText[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const items of pages) {
    const page = doc.addPage([595, 842]);
    for (const t of items) page.drawText(t.text, { x: t.x, y: t.y, size: t.size ?? SIZE, font });
  }
  return doc.save();
}

/** Lines of 11 pt text from the top margin down, one line step apart; '' leaves a blank line. */
export function column(lines: string[], top = TOP): PlacedText[] {
  return lines.flatMap((text, i) => (text ? [{ text, x: LEFT, y: top - i * STEP }] : []));
}

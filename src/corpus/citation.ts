import type { Letter } from './letter.js';

/** A verbatim span of a letter: quote === letter.text.slice(start, end), always. */
export interface Citation {
  ref: number;
  letterId: string;
  letterDate: string | null;
  visitNumber: number | null;
  paragraph: number;
  section: string | null;
  start: number;
  end: number;
  quote: string;
  score: number;
}

/** What a citation says of where its words are, before the span is chosen. */
export type CitationSource = Pick<Citation, 'letterId' | 'letterDate' | 'visitNumber' | 'paragraph' | 'section'>;

/** The letter's part of a citation of one of its paragraphs. */
export function citationSource(letter: Letter, paragraph: { paragraph: number; section: string | null }): CitationSource {
  return { letterId: letter.id, letterDate: letter.date, visitNumber: letter.visitNumber, paragraph: paragraph.paragraph, section: paragraph.section };
}

/** Cites letter.text[start, end): the quote is always cut from the letter's own text. */
export function citeSpan(letter: Letter, paragraph: { paragraph: number; section: string | null }, span: { start: number; end: number }, ref: number, score: number): Citation {
  return citeQuote(citationSource(letter, paragraph), { start: span.start, end: span.end, quote: letter.text.slice(span.start, span.end) }, ref, score);
}

/** Cites a span already cut from the source's letter (span.quote is that letter's text[start, end)). */
export function citeQuote(source: CitationSource, span: { start: number; end: number; quote: string }, ref: number, score: number): Citation {
  return { ref, ...source, start: span.start, end: span.end, quote: span.quote, score: roundScore(score) };
}

/** Scores as citations and hits carry them: three decimals. */
export function roundScore(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export interface LetterMetadata {
  title: string | null;
  /** ISO date the letter was written. */
  date: string | null;
  authority: string | null;
  recipient: string | null;
  visitDates: { start: string; end: string } | null;
  visitNumber: number | null;
  inspectors: string[] | null;
}

export interface Letter extends LetterMetadata {
  id: string;
  /** File name inside the corpus folder. */
  file: string;
  /** The corpus file decoded as UTF-8, byte-for-byte: every offset indexes this string. */
  text: string;
  sha256: string;
}

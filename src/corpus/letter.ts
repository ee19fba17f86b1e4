import type { DocumentKind } from './metadata/document-kind.js';
import type { Judgement } from './metadata/judgements.js';

export interface LetterMetadata {
  /** "monitoring visit", "focused visit" or "inspection", as the document says. */
  kind: DocumentKind | null;
  /** The title as the document gives it, or a short one made from its kind and place when it has none. */
  title: string | null;
  /** ISO date: the letter's own date, or for an inspection report (which prints none) the last inspection day. */
  date: string | null;
  /** The council as the document names it: "London Borough of Tower Hamlets". */
  authority: string | null;
  /** Its short place name, for questions and filters: "Tower Hamlets". */
  place: string | null;
  recipient: string | null;
  visitDates: { start: string; end: string } | null;
  inspectionDates: { start: string; end: string } | null;
  visitNumber: number | null;
  /** Lead inspector first. */
  inspectors: string[] | null;
  /** What a focused visit looked at: "Inspectors looked at the local authority's arrangements for care leavers". */
  focus: string | null;
  /** An inspection report's judgement table. */
  judgements: Judgement[] | null;
}

export interface Letter extends LetterMetadata {
  id: string;
  /** File name inside the corpus folder. */
  file: string;
  /** The corpus file decoded as UTF-8, byte-for-byte: every offset indexes this string. */
  text: string;
  sha256: string;
}

/**
 * A letter without its text: what the Library holds for every letter. The text is read when a
 * citation or a letter page needs it (Library.letter, through a LetterTextSource).
 */
export type LetterInfo = Omit<Letter, 'text'>;

/** The letter without its text (a copy: the text is not kept alive by it). */
export function letterInfo(letter: Letter | LetterInfo): LetterInfo {
  const { text: _text, ...info } = letter as Letter;
  return info;
}

/** The fields read from a letter's text, without its id, file, text and hash. */
export function metadataOf(letter: Letter | LetterInfo): LetterMetadata {
  const { id: _id, file: _file, text: _text, sha256: _sha256, ...metadata } = letter as Letter;
  return metadata;
}

import { isNameWord, NAME_WORD } from '../../text/person-names.js';
import { sentenceSpans } from '../../text/sentence-spans.js';

/** A person a letter names as one of its inspectors, where the letter names them. */
export interface InspectorMention {
  /** As written ("Diane Partridge"), a wrapped line's break read as a space. */
  name: string;
  /** For matching the same person across letters: lower case, one space, straight apostrophes. */
  key: string;
  start: number;
  end: number;
  /** The sentence or line that names them: what a citation quotes. */
  line: { start: number; end: number };
}

/**
 * Where documents name their inspectors: "The inspectors were …", "Her Majesty's Inspectors for
 * this visit were …", "The visit was carried out by …", "Lead inspector: …", "Team inspectors: …",
 * "… HMI", and the sign-off.
 */
const ROLE =
  /\b(?:inspectors? (?:were|was|for this visit)|(?:visit|inspection) was (?:conducted|carried out|undertaken|led) by|(?:lead|team|deputy lead|shadow|assistant lead) inspectors?|inspectors?:|H[ei][rs] Majesty[’']s Inspectors?|HMI|SHMI)\b/i;
const SIGN_OFF = /\bYours (?:sincerely|faithfully)\b/i;
/** A sign-off names its writer within a few lines. */
const SIGN_OFF_LINES = 4;
/** A line of a letterhead that opens with its label ("Team inspectors: …"). */
const LABELLED_LINE = /\n[ \t]*[\p{L}’' -]{2,40}:/u;

/** The inspectors the document names, each once, in the order it first names them; null when it names none. */
export function extractInspectors(raw: string): string[] | null {
  const names = new Map<string, string>();
  for (const person of inspectorMentions(raw)) if (!names.has(person.key)) names.set(person.key, person.name);
  return names.size ? [...names.values()] : null;
}

/** Every place a letter names one of its inspectors, in text order (a person named twice is listed at each). */
export function inspectorMentions(text: string): InspectorMention[] {
  const out: InspectorMention[] = [];
  for (const line of inspectorLines(text)) out.push(...namesIn(text, line));
  return out;
}

function inspectorLines(text: string): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  const all = physicalLines(text);
  all.forEach((line, i) => {
    if (!SIGN_OFF.test(text.slice(line.start, line.end))) return;
    // The writer's name on its own line(s) below, when the line after says they are an inspector
    // (a council's "Yours faithfully, Jo Smith" names no inspector).
    const below: { start: number; end: number }[] = [];
    for (const next of all.slice(i + 1, i + 1 + SIGN_OFF_LINES)) {
      if (ROLE.test(text.slice(next.start, next.end))) {
        lines.push(...below);
        break;
      }
      below.push(next);
    }
  });
  for (const s of sentenceSpans(text)) {
    const sentence = text.slice(s.start, s.end);
    if (!ROLE.test(sentence)) continue;
    // A letterhead's labelled lines run together without stops ("Lead inspector: …\nTeam inspectors: …"):
    // each is its own line; a hard-wrapped sentence stays whole.
    if (LABELLED_LINE.test(sentence)) {
      for (const line of physicalLines(text, s.start, s.end)) if (ROLE.test(text.slice(line.start, line.end))) lines.push(line);
    } else lines.push(s);
  }
  return lines.sort((a, b) => a.start - b.start).filter((l, i, arr) => i === 0 || l.start !== (arr[i - 1] as { start: number }).start);
}

/** Non-blank lines of text[from, to), trimmed. */
function physicalLines(text: string, from = 0, to = text.length): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /[^\r\n]+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    let start = m.index;
    let end = Math.min(m.index + m[0].length, to);
    while (start < end && /\s/.test(text[start] as string)) start++;
    while (end > start && /\s/.test(text[end - 1] as string)) end--;
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** Runs of two to four name words in the line, with titles and roles cut out. */
function namesIn(text: string, line: { start: number; end: number }): InspectorMention[] {
  const out: InspectorMention[] = [];
  let run: { start: number; end: number; word: string }[] = [];
  const flush = () => {
    if (run.length >= 2 && run.length <= 4) {
      const first = run[0] as { start: number };
      const last = run.at(-1) as { end: number };
      const name = text.slice(first.start, last.end).replace(/\s+/g, ' ');
      out.push({ name, key: keyOf(run.map((w) => w.word)), start: first.start, end: last.end, line });
    }
    run = [];
  };
  let i = line.start;
  while (i < line.end) {
    NAME_WORD.lastIndex = i;
    const m = NAME_WORD.exec(text);
    const atWordStart = i === line.start || !/[\p{L}\p{N}'’-]/u.test(text[i - 1] as string);
    if (m && atWordStart && m.index + m[0].length <= line.end && !/[\p{L}\p{N}]/u.test(text[m.index + m[0].length] ?? '')) {
      const word = m[0];
      if (!isNameWord(word)) flush();
      else {
        // Words of one name are separated by a space or a wrapped line's break; a comma, "and" or a blank line ends it.
        const prev = run.at(-1);
        if (prev && !/^(?: |[ \t]*\r?\n[ \t]*)$/.test(text.slice(prev.end, m.index))) flush();
        run.push({ start: m.index, end: m.index + word.length, word });
      }
      i = m.index + word.length;
      continue;
    }
    if (/[\p{L}\p{N}]/u.test(text[i] as string)) {
      // A lower-case or all-capital word (HMI, OI) ends a name.
      flush();
      while (i < line.end && /[\p{L}\p{N}'’-]/u.test(text[i] as string)) i++;
      continue;
    }
    i++;
  }
  flush();
  return out;
}

function keyOf(words: string[]): string {
  return words.map((w) => w.toLowerCase().replace(/’/g, "'")).join(' ');
}

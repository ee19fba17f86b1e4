import { type Citation, citeSpan } from '../corpus/citation.js';
import type { Letter, LetterInfo } from '../corpus/letter.js';
import { type InspectorMention, inspectorMentions } from '../corpus/metadata/inspectors.js';
import { readLetterHints } from '../retrieve/letter-hints.js';
import type { QueryIntent } from '../retrieve/query-intent.js';
import type { Library } from '../store/library.js';
import type { DraftAnswer } from './answer-types.js';
import { displaySentence } from './display-sentence.js';
import { letterLabel } from './letter-label.js';

/** "…both the Coventry and the Swindon visits?", "…the same inspector…", "…in common?" */
const ACROSS = /\bboth\b|\bsame (?:inspectors?|person|people|team)\b|\bin common\b/i;
/** The people asked about are the inspectors, not the council's officers. */
const ABOUT_INSPECTORS = /\binspect|\bHMI\b|\bvisit/i;
const MAX_NAMES = 3;
/** "Who inspected Wakefield?", "Which inspectors carried out the 2019 visit?", "Who led the inspection?" */
const ASKS_INSPECTORS =
  /\bwho (?:inspected|(?:carried out|conducted|led|did) (?:the|this|its|their|that) (?:\d{4} |focused |monitoring )?(?:visit|inspection))\b|\bwhich (?:lead )?inspectors?\b|\bwho (?:were|was) the (?:lead )?inspectors?\b|\bnames? of the (?:lead )?inspectors?\b|\binspectors['’]? names\b/i;
/** Beyond this many letters a list of teams is no answer; the ordinary answerer ranks them. */
const MAX_LETTERS_LISTED = 4;
/** A letter's team is named in at most a couple of lines (a letterhead's "Lead inspector:" and "Team inspectors:"). */
const LINES_PER_LETTER = 2;

/**
 * "Which inspector worked on both the Coventry and the Swindon focused visits?": the letters of each
 * authority the question names (narrowed by its year, month or visit where that leaves some), when it
 * asks which inspectors two or more of them share. Null for any other question.
 */
export function sharedInspectorScope(question: string, intent: QueryIntent, letters: readonly LetterInfo[]): LetterInfo[][] | null {
  // "Did the same inspector visit both?" asks it as yes or no.
  const asksWho = intent.wantsPerson || /\bsame (?:inspectors?|team)\b/i.test(question);
  if (!asksWho || !ACROSS.test(question) || !ABOUT_INSPECTORS.test(question)) return null;
  const hints = readLetterHints(question, letters);
  // The letters of the authorities the question names (all of them, when it names every loaded one).
  const ofNamed = hints.placeLetterIds ? letters.filter((l) => hints.placeLetterIds?.has(l.id)) : hints.namesLoadedPlace ? letters : [];
  const groups = new Map<string, LetterInfo[]>();
  for (const l of ofNamed) {
    const key = (l.place ?? l.authority ?? l.id).toLowerCase();
    const group = groups.get(key);
    if (group) group.push(l);
    else groups.set(key, [l]);
  }
  const picked = hints.letterIds;
  const narrow = (g: LetterInfo[]) => {
    const narrowed = picked ? g.filter((l) => picked.has(l.id)) : [];
    return narrowed.length ? narrowed : g;
  };
  // "…on both the 2018 and the 2019 visits to Croydon?": one authority, the letters its dates pick.
  if (groups.size === 1) {
    const letters = narrow([...groups.values()][0] as LetterInfo[]);
    return picked && letters.length >= 2 ? letters.map((l) => [l]) : null;
  }
  return groups.size < 2 ? null : [...groups.values()].map(narrow);
}

/** The letters a request may draw on: all, or those its filters leave. */
function lettersAllowed(library: Library, letterIds?: readonly string[]): readonly LetterInfo[] {
  if (!letterIds) return library.letters;
  const allowed = new Set(letterIds);
  return library.letters.filter((l) => allowed.has(l.id));
}

/**
 * "Who inspected Wakefield's care leaver services?": the letters the question picks (by authority,
 * year, month or visit), when it asks who their inspectors were and picks a few. Null otherwise.
 */
export function inspectorListScope(question: string, intent: QueryIntent, letters: readonly LetterInfo[]): LetterInfo[] | null {
  if (!intent.wantsPerson || intent.wantsRecipient || !ASKS_INSPECTORS.test(question) || ACROSS.test(question)) return null;
  const hints = readLetterHints(question, letters);
  const picked = hints.letterIds;
  if (!picked) return null;
  const chosen = letters.filter((l) => picked.has(l.id));
  // "Who led the inspection of Darlington?": its inspection report, not its later visit letters.
  const ofKind = hints.kind ? chosen.filter((l) => l.kind === hints.kind) : [];
  const scope = ofKind.length ? ofKind : chosen;
  return scope.length <= MAX_LETTERS_LISTED ? scope : null;
}

/** The letters whose texts the inspector lookups will read for this question (none for other questions). */
export function inspectorLookupLetters(question: string, intent: QueryIntent, library: Library, letterIds?: readonly string[]): LetterInfo[] {
  const letters = lettersAllowed(library, letterIds);
  return sharedInspectorScope(question, intent, letters)?.flat() ?? inspectorListScope(question, intent, letters) ?? [];
}

/** Answers a question about the letters' inspectors from the lines that name them; null for any other question. */
export function answerInspectorQuestion(question: string, intent: QueryIntent, library: Library, letterIds?: readonly string[]): DraftAnswer | null {
  return answerSharedInspectors(question, intent, library, letterIds) ?? answerInspectorList(question, intent, library, letterIds);
}

/** Each picked letter's team, quoted where the letter names it, letters oldest first. */
function answerInspectorList(question: string, intent: QueryIntent, library: Library, letterIds?: readonly string[]): DraftAnswer | null {
  const scope = inspectorListScope(question, intent, lettersAllowed(library, letterIds));
  if (!scope?.length) return null;
  const mentions: { letter: Letter; person: InspectorMention }[] = [];
  for (const info of scope) {
    const letter = library.letter(info.id);
    if (!letter) continue;
    // Each person once: a sign-off repeats one of the team the letter has already named.
    const named = new Set<string>();
    const lines = new Set<number>();
    for (const person of inspectorMentions(letter.text)) {
      if (named.has(person.key)) continue;
      named.add(person.key);
      if (!lines.has(person.line.start) && lines.size >= LINES_PER_LETTER) continue;
      lines.add(person.line.start);
      mentions.push({ letter, person });
    }
  }
  const quoted = quotesOf(mentions, library);
  if (quoted.length === 0) return null;
  return { answer: quotedByLetter(quoted), found: true, citations: quoted.map((q, i) => citeSpan(q.letter, q.paragraph, q, i + 1, 1)), mode: 'extractive' };
}

/**
 * The inspectors every named authority's letters have in common, each cited where each letter
 * names them; or, when they share none, who each letter names. Null when the question is not of
 * this kind or a letter names no inspector (the ordinary answerer then tries).
 */
function answerSharedInspectors(question: string, intent: QueryIntent, library: Library, letterIds?: readonly string[]): DraftAnswer | null {
  const scope = sharedInspectorScope(question, intent, lettersAllowed(library, letterIds));
  if (!scope) return null;
  const groups: Map<string, { letter: Letter; person: InspectorMention }>[] = [];
  for (const infos of scope) {
    const named = new Map<string, { letter: Letter; person: InspectorMention }>();
    for (const info of infos) {
      const letter = library.letter(info.id);
      if (!letter) continue;
      for (const person of inspectorMentions(letter.text)) if (!named.has(person.key)) named.set(person.key, { letter, person });
    }
    if (named.size === 0) return null;
    groups.push(named);
  }
  const [first, ...others] = groups as [Map<string, { letter: Letter; person: InspectorMention }>, ...Map<string, { letter: Letter; person: InspectorMention }>[]];
  const common = [...first.keys()].filter((k) => others.every((g) => g.has(k))).slice(0, MAX_NAMES);
  const mentions = common.length
    ? groups.flatMap((g) => common.map((k) => g.get(k) as { letter: Letter; person: InspectorMention }))
    : groups.map((g) => [...g.values()][0] as { letter: Letter; person: InspectorMention });
  const quoted = quotesOf(mentions, library);
  if (quoted.length === 0) return null;
  const names = common.map((k) => (first.get(k) as { person: InspectorMention }).person.name);
  const each = groups.length === 2 ? 'both' : 'each';
  const refs = quoted.map((_, i) => `[${i + 1}]`).join(' ');
  // The lead is itself a claim checked against the quotes, so it uses their words ("inspectors"); a
  // finding of absence cites nothing and reads as a lead-in to the quotes.
  const lead = names.length
    ? `${listOf(names)} ${names.length === 1 ? 'was an inspector' : 'were inspectors'} in ${each} ${refs}.`
    : `No inspector is named in ${each === 'both' ? 'both letters' : 'every letter'}; each letter states:`;
  const citations: Citation[] = quoted.map((q, i) => citeSpan(q.letter, q.paragraph, q, i + 1, 1));
  return { answer: `${lead}\n\n${quotedByLetter(quoted)}`, found: true, citations, mode: 'extractive' };
}

interface Quote {
  letter: Letter;
  start: number;
  end: number;
  paragraph: { paragraph: number; section: string | null };
}

/** One quote per line that names someone asked about, in the paragraph that holds it; letters oldest first. */
function quotesOf(mentions: { letter: Letter; person: InspectorMention }[], library: Library): Quote[] {
  const seen = new Set<string>();
  const out: Quote[] = [];
  for (const { letter, person } of mentions) {
    const key = `${letter.id}:${person.line.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const chunk = library.chunksOf(letter.id).find((c) => c.start <= person.line.start && person.line.end <= c.end);
    if (!chunk) continue;
    out.push({ letter, start: person.line.start, end: person.line.end, paragraph: { paragraph: chunk.n, section: chunk.section } });
  }
  return out.sort((a, b) => (a.letter.date ?? '').localeCompare(b.letter.date ?? '') || a.letter.id.localeCompare(b.letter.id) || a.start - b.start);
}

/** "The letter of … says: <quote> [1] <quote> [2]", one paragraph per letter. */
function quotedByLetter(quoted: Quote[]): string {
  const parts: string[] = [];
  quoted.forEach((q, i) => {
    const text = `${displaySentence(q.letter.text.slice(q.start, q.end))} [${i + 1}]`;
    if (i > 0 && quoted[i - 1]?.letter === q.letter) parts[parts.length - 1] += ` ${text}`;
    else parts.push(`${capitalise(letterLabel(q.letter))} says: ${text}`);
  });
  return parts.join('\n\n');
}

function listOf(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) as string}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

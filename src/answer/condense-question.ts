import { words } from '../text/analyze.js';
import { MONTH_NAMES } from '../text/months.js';
import { ORDINAL_WORDS } from '../text/ordinals.js';
import { STOPWORDS } from '../text/stopwords.js';
import type { ChatTurn } from './answer-types.js';

/**
 * A follow-up leans on the question before it; a complete question stands alone whatever its
 * length ("Who are the inspectors?"). Three signs of leaning, read from the question alone:
 *  - it opens with a connective ("And in 2018?", "What about Kent?", "But why?");
 *  - a pronoun with nothing in the question to point at ("Did they fix it?", "Why is that?");
 *  - ellipsis: no topic word of its own, only a scope or a question word ("In 2018?", "Why?").
 */
const CONNECTIVE = /^\s*(?:and|but|so|also|then|what about|how about|what of|same for|and what about)\b/i;
/** Always point back: the question has no noun of its own they could stand for. */
const BACK_POINTERS = new Set(['it', 'its', 'itself', 'he', 'she', 'him', 'her', 'hers', 'his']);
/** Point back unless a plural noun earlier in the question is what they stand for ("when inspectors visited, what did they find"). */
const PLURAL_POINTERS = new Set(['they', 'them', 'their', 'theirs', 'themselves']);
/** Demonstratives stand for something earlier when they end the question or a verb follows them ("Why is that?"). */
const DEMONSTRATIVE =
  /\b(?:this|that|these|those)\b(?=\s*(?:[?.!]|$|(?:is|was|were|are|has|have|had|did|does|do|will|would|mean|means|meant|happen|happened|change|changed|improve|improved|work|worked)\b))/i;
const TRAILING_THEN = /\bthen\s*[?.!]*\s*$/i;
/** Words that say which letters, not what about: a follow-up made of these only moves the scope. */
const SCOPE_WORDS = new Set([
  'letter',
  'letters',
  'visit',
  'visits',
  'report',
  'reports',
  'inspection',
  'inspections',
  'year',
  'years',
  'earlier',
  'later',
  'previous',
  'last',
  'next',
  'latest',
  'first',
  'one',
  'ones',
  'instead',
  'else',
  'now',
  'before',
  'after',
  'since',
  ...MONTH_NAMES.map((m) => m.toLowerCase()),
  ...ORDINAL_WORDS,
]);
/** Question words beyond the stopword list: with nothing else, "how come?" asks about the last topic. */
const QUESTION_WORDS = new Set(['why', 'how', 'what', 'when', 'where', 'who', 'which', 'come', 'exactly', 'example', 'more', 'detail', 'details', 'ok', 'okay']);
const YEAR = /\b(?:19|20)\d\d\b/g;
const HAS_YEAR = /\b(?:19|20)\d\d\b/;

export interface Condensed {
  /** The standalone question: the question itself, or the follow-up rewritten with the one before. */
  query: string;
  /** Whether `query` differs from the question as asked. */
  rewritten: boolean;
}

/**
 * Whether a question leans on the one before. `places` are the lower-cased words of the
 * corpus' place names, which (like years) pick letters rather than name a topic.
 */
export function isFollowUp(question: string, places: ReadonlySet<string> = new Set()): boolean {
  if (CONNECTIVE.test(question) || DEMONSTRATIVE.test(question) || TRAILING_THEN.test(question)) return true;
  const ws = words(question);
  let pluralSeen = false;
  for (const w of ws) {
    if (BACK_POINTERS.has(w)) return true;
    if (PLURAL_POINTERS.has(w) && !pluralSeen) return true;
    if (w.length > 3 && w.endsWith('s') && !STOPWORDS.has(w) && !QUESTION_WORDS.has(w)) pluralSeen = true;
  }
  return topicWords(ws, places).length === 0 && ws.length > 0;
}

function topicWords(ws: string[], places: ReadonlySet<string>): string[] {
  return ws.filter((w) => !STOPWORDS.has(w) && !SCOPE_WORDS.has(w) && !QUESTION_WORDS.has(w) && !places.has(w) && !/^\d+$/.test(w) && w.length > 1);
}

/**
 * The standalone question for the latest user turn, offline. Earlier follow-ups are condensed in
 * order first, so "And in 2017?" after "And in 2018?" still knows the topic. A follow-up that only
 * moves the scope takes the place of the earlier scope ("How did caseloads change in 2019?" then
 * "And in 2018?" is "How did caseloads change in 2018?"); any other follow-up is searched together
 * with the question it leans on.
 */
export function condenseQuestion(question: string, history: ChatTurn[] | undefined, places: ReadonlySet<string> = new Set()): Condensed {
  let previous: string | null = null;
  for (const turn of history ?? [])
    if (turn.role === 'user' && turn.content.trim()) previous = previous === null ? turn.content.trim() : condenseOne(turn.content.trim(), previous, places);
  if (previous === null || !isFollowUp(question, places)) return { query: question, rewritten: false };
  const query = condenseOne(question, previous, places);
  return { query, rewritten: query !== question };
}

function condenseOne(question: string, previous: string, places: ReadonlySet<string>): string {
  if (!isFollowUp(question, places)) return question;
  const rest = question
    .replace(CONNECTIVE, '')
    .replace(/^[\s,]+/, '')
    .trim();
  const ws = words(rest);
  const scopeOnly = topicWords(ws, places).length === 0 && !ws.some((w) => BACK_POINTERS.has(w) || PLURAL_POINTERS.has(w));
  if (!scopeOnly) return `${previous} ${question}`;
  const years = rest.match(YEAR) ?? [];
  const named = ws.filter((w) => places.has(w));
  let moved = previous;
  if (years.length && HAS_YEAR.test(previous)) moved = replaceAll(previous, YEAR, years.join(' and '));
  else if (named.length && wordsIn(previous, places).length) moved = replacePlaces(previous, places, placePhrase(rest, places));
  else if (years.length || named.length || ws.length) moved = `${previous.replace(/[\s?.!]+$/, '')} ${rest.replace(/^[\s?]+|[\s?.!]+$/g, '')}?`;
  return moved;
}

function replaceAll(text: string, pattern: RegExp, by: string): string {
  let done = false;
  // Several years in the earlier question ("between 2018 and 2019") become the new one once.
  return text
    .replace(new RegExp(`${pattern.source}(?:\\s*(?:and|to|-|–)\\s*${pattern.source})*`, 'g'), () => {
      if (done) return '';
      done = true;
      return by;
    })
    .replace(/\s{2,}/g, ' ');
}

function wordsIn(text: string, places: ReadonlySet<string>): string[] {
  return words(text).filter((w) => places.has(w));
}

/** The run of the follow-up's words that names places, as written ("Tower Hamlets"). */
function placePhrase(rest: string, places: ReadonlySet<string>): string {
  const tokens = rest.replace(/[?.!]+$/, '').split(/\s+/);
  const kept = tokens.filter((t) => places.has(t.toLowerCase().replace(/[^a-z'-]/g, '')));
  return kept.join(' ');
}

function replacePlaces(previous: string, places: ReadonlySet<string>, phrase: string): string {
  const tokens = previous.split(/(\s+)/);
  let placed = false;
  const out = tokens.map((t) => {
    const bare = t.toLowerCase().replace(/[^a-z'-]/g, '');
    if (!bare || !places.has(bare)) return t;
    if (placed) return '';
    placed = true;
    // Keep what clings to the word: "Bolton's" stays possessive, "Bolton?" keeps its mark.
    return t.replace(/[A-Za-z][A-Za-z-]*/, phrase);
  });
  return out
    .join('')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

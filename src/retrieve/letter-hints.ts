import type { LetterInfo } from '../corpus/letter.js';
import type { DocumentKind } from '../corpus/metadata/document-kind.js';
import { ENGLISH_AUTHORITY_PLACES } from '../text/english-authorities.js';
import { MONTH_NAMES } from '../text/months.js';
import { ORDINAL_SUFFIX, ORDINAL_WORDS } from '../text/ordinals.js';

/** Questions are matched lower-cased. */
const MONTHS = MONTH_NAMES.map((m) => m.toLowerCase());
const DIGIT_ORDINAL = new RegExp(`\\b(\\d{1,2})${ORDINAL_SUFFIX}\\b`, 'g');

export interface LetterHints {
  /** Letters the question singles out ("the 2018 letter", "the seventh visit"); null when none. */
  letterIds: Set<string> | null;
  /** Words that served only to pick the letter, so they are not topic words. */
  selectorWords: Set<string>;
  /** The letters of the authorities the question names ("What grade did Bolton get?"); null when it names none. */
  placeLetterIds: Set<string> | null;
  /** English authorities the question names that no loaded letter is about ("Kent" with no Kent letter). */
  missingPlaces: string[];
  /** The question names the authority of some loaded letter. */
  namesLoadedPlace: boolean;
  /** Years the question names ("2018"). */
  years: string[];
  /** The kind of document the question names ("the focused visit to Slough"), or null. */
  kind: DocumentKind | null;
}

/** Reads which letters a question is about from years, months and visit ordinals it mentions. */
export function readLetterHints(question: string, letters: readonly LetterInfo[]): LetterHints {
  const q = question.toLowerCase();
  const years = new Set([...q.matchAll(/\b((?:19|20)\d\d)\b/g)].map((m) => m[1] as string));
  const months = new Set(MONTHS.filter((m) => new RegExp(`\\b${m}\\b`).test(q)));
  const ordinals = new Set(
    ORDINAL_WORDS.map((o, i) => [o, i + 1] as const)
      .filter(([o]) => new RegExp(`\\b${o}\\b`).test(q))
      .map(([, n]) => n),
  );
  const digitOrdinals = [...q.matchAll(DIGIT_ORDINAL)].map((m) => Number(m[1]));
  for (const n of digitOrdinals) ordinals.add(n);

  const selectorWords = new Set<string>();
  // A place name picks that authority's letters; it is not what the question is about.
  const places = new Set<string>();
  const { wordsOf, patterns } = placeWordsOf(letters);
  for (const [w, re] of patterns) if (re.test(q)) places.add(w);
  const ofPlaces = places.size > 0 ? letters.filter((l) => wordsOf(l).some((w) => places.has(w))) : [];
  const placeLetterIds = ofPlaces.length > 0 && ofPlaces.length < letters.length ? new Set(ofPlaces.map((l) => l.id)) : null;
  // Neither a place, a year nor a visit number: no letter is singled out (the filter below would keep none).
  const matched =
    places.size === 0 && years.size === 0 && ordinals.size === 0
      ? []
      : letters.filter((l) => {
          if (places.size > 0 && !wordsOf(l).some((w) => places.has(w))) return false;
          const dates = [l.date, l.visitDates?.start, l.visitDates?.end].filter((d): d is string => !!d);
          const byYear = years.size > 0 && dates.some((d) => years.has(d.slice(0, 4)));
          const byMonth = months.size === 0 || dates.some((d) => months.has(MONTHS[Number(d.slice(5, 7)) - 1] as string));
          const byVisit = l.visitNumber !== null && ordinals.has(l.visitNumber);
          return (byYear && byMonth) || byVisit || (places.size > 0 && years.size === 0 && ordinals.size === 0);
        });
  const missingPlaces = namedAuthorities(question).filter((p) => !hasLetterAbout(letters, p));
  for (const p of missingPlaces) for (const w of p.toLowerCase().split(/[^a-z]+/)) if (w) selectorWords.add(w);
  if (matched.length === 0) return { letterIds: null, selectorWords, placeLetterIds, missingPlaces, namesLoadedPlace: places.size > 0, years: [...years], kind: namedKind(q) };
  // "stoke-on-trent" is analysed as its words too: none of them is a topic.
  for (const p of places) for (const w of [p, ...p.split('-')]) selectorWords.add(w);
  for (const y of years) selectorWords.add(y);
  for (const m of months) selectorWords.add(m);
  for (const n of ordinals) selectorWords.add(ORDINAL_WORDS[n - 1] ?? String(n));
  // Naming every letter singles none out ("between 2018 and 2019").
  const letterIds = matched.length === letters.length ? null : new Set(matched.map((l) => l.id));
  return { letterIds, selectorWords, placeLetterIds, missingPlaces, namesLoadedPlace: places.size > 0, years: [...years], kind: namedKind(q) };
}

/** The kind of document a question names, read from the (lower-cased) question. */
export function namedKind(q: string): DocumentKind | null {
  if (/\bfocused visits?\b/.test(q)) return 'focused visit';
  if (/\bmonitoring visits?\b/.test(q)) return 'monitoring visit';
  if (
    /\b(?:full|ilacs|graded|judgement|standard|short) inspection\b|\binspection report\b|\b(?:its|the|their) (?:last |latest |most recent |previous )?inspection\b|\b(?:19|20)\d\d inspection\b/.test(
      q,
    )
  )
    return 'inspection';
  return null;
}

const GAZETTEER = [...ENGLISH_AUTHORITY_PLACES]
  .sort((a, b) => b.length - a.length)
  .map((place) => ({ place, re: new RegExp(`\\b${place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) }));

/** English authorities named in the question, as written with capitals; the longest name wins ("North Somerset", not "Somerset"). */
export function namedAuthorities(question: string): string[] {
  const taken: [number, number][] = [];
  const out: string[] = [];
  for (const { place, re } of GAZETTEER) {
    const m = re.exec(question);
    if (!m) continue;
    const span: [number, number] = [m.index, m.index + place.length];
    if (taken.some(([a, b]) => span[0] < b && a < span[1])) continue;
    taken.push(span);
    out.push(place);
  }
  return out;
}

/** Per set of letters and place: whether any letter is about it (a question naming a place would otherwise test every letter). */
const aboutCache = new WeakMap<readonly LetterInfo[], Map<string, boolean>>();

function hasLetterAbout(letters: readonly LetterInfo[], place: string): boolean {
  let known = aboutCache.get(letters);
  if (!known) {
    known = new Map();
    aboutCache.set(letters, known);
  }
  let about = known.get(place);
  if (about === undefined) {
    about = letters.some(isAbout(place));
    known.set(place, about);
  }
  return about;
}

function isAbout(place: string): (letter: LetterInfo) => boolean {
  const re = new RegExp(`\\b${place.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  return (letter) => [letter.place, letter.authority, letter.title].some((n) => !!n && re.test(n.toLowerCase()));
}

interface PlaceWords {
  wordsOf: (letter: LetterInfo) => string[];
  /** Each distinct authority word once, with the pattern that finds it in a question. */
  patterns: [string, RegExp][];
}

/** Every authority word of these letters, in the order the letters first name them. */
export function knownPlaceWords(letters: readonly LetterInfo[]): Set<string> {
  return new Set(placeWordsOf(letters).patterns.map(([w]) => w));
}

/** Per set of letters (a Library's list is read by every question): thousands of letters share ~150 authorities' words. */
const placeWordCache = new WeakMap<readonly LetterInfo[], PlaceWords>();

function placeWordsOf(letters: readonly LetterInfo[]): PlaceWords {
  let got = placeWordCache.get(letters);
  if (!got) {
    const byLetter = new Map<LetterInfo, string[]>();
    const patterns = new Map<string, RegExp>();
    for (const l of letters) {
      const words = authorityWords(l);
      byLetter.set(l, words);
      for (const w of words) if (!patterns.has(w)) patterns.set(w, new RegExp(`\\b${w}\\b`));
    }
    got = { wordsOf: (l) => byLetter.get(l) ?? authorityWords(l), patterns: [...patterns] };
    placeWordCache.set(letters, got);
  }
  return got;
}

const GENERIC_AUTHORITY_WORDS = new Set(['london', 'borough', 'of', 'council', 'city', 'county', 'metropolitan', 'royal', 'district', 'and', 'the', 'upon']);

/** The words that name a letter's authority: its place ("Tower Hamlets"), else its council's name. */
export function authorityWords(letter: LetterInfo): string[] {
  return (letter.place ?? letter.authority ?? '')
    .toLowerCase()
    .split(/[^a-z'-]+/)
    .filter((w) => w.length > 2 && !GENERIC_AUTHORITY_WORDS.has(w));
}

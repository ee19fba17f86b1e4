import { ENGLISH_AUTHORITY_PLACES } from './english-authorities.js';

/** One word of a personal name: a capital, then letters, apostrophes or hyphens, ending in a small letter (McLaughlin, O’Neill, Smith-Jones). */
export const NAME_WORD = /\p{Lu}[\p{L}'’-]*\p{Ll}/uy;

/** Capitalised words around names in these letters that are titles, roles, organisations or letter furniture, never part of one. */
const NOT_NAME = new Set(
  [
    `her his majesty's inspector inspectors inspection lead team deputy shadow assistant senior regulatory manager managers quality
     assurance the this these that those in on at since from with when where while yours sincerely faithfully ofsted director
     children children's services social care council local authority dear mr mrs ms miss dr chief executive officer department
     education for and a an visit were was cc copy early years regional principal national operational general`,
    // Organisations named beside people ("… the Children and Family Court Advisory and Support Service").
    'family court advisory support service agency partnership trust health police board commission borough county city metropolitan',
  ]
    .join(' ')
    .split(/\s+/),
);

/** Words of the places of England's authorities ("London", "Sutton"): a place, not a person, when no other name word is beside them. */
const PLACE_WORDS = new Set(ENGLISH_AUTHORITY_PLACES.flatMap((p) => p.toLowerCase().split(/[\s,]+/)));

/** Whether a capitalised word can be part of a personal name (not a title, role, organisation or possessive). */
export function isNameWord(word: string): boolean {
  // A possessive ("Barnsley’s") belongs to a place or service.
  return !NOT_NAME.has(word.toLowerCase().replace(/’/g, "'")) && !/['’]s$/.test(word);
}

const PAIR = /(\p{Lu}[\p{L}'’-]*\p{Ll}) (\p{Lu}[\p{L}'’-]*\p{Ll})/gu;

/** Whether the text names a person: two name words side by side that are not both place words ("Jo Smith", not "London Borough" or "Tower Hamlets"). */
export function namesPerson(text: string): boolean {
  for (const m of text.matchAll(PAIR)) {
    const [first, second] = [m[1] as string, m[2] as string];
    if (!isNameWord(first) || !isNameWord(second)) continue;
    if (PLACE_WORDS.has(first.toLowerCase()) || PLACE_WORDS.has(second.toLowerCase())) continue;
    return true;
  }
  return false;
}

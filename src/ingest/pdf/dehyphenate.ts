/**
 * Joining a word broken across two lines. A line-final hyphen is dropped only when that is
 * safe: a soft hyphen; a joined form the document itself uses elsewhere; or a second half that
 * is a suffix no word stands alone as ("assess-" + "ment"). A hyphen the document uses
 * elsewhere, or any other case ("multi-" + "agency", "Kingston-" + "upon"), is kept, so no
 * word is ever invented.
 */

const LINE_END_HYPHEN = /(\p{L}+)([-\u2010\u00ad])$/u;
const LINE_START_WORD = /^(\p{Ll}+)/u;
const SUFFIXES = new Set(
  (
    'ment ments tion tions sion sions ing ings ed ly ness nesses ity ities ance ances ence ences able ably ible ibly ' +
    'ive ives ively ous ously al ally ial ially ual ually er ers or ors ies ful fully less lessly ship ships ist ists ism ' +
    'isms ise ised ises ising ize ized izes izing ate ated ates ating ation ations ative atively ure ures age ages ant ants ent ents'
  ).split(' '),
);

export type Vocabulary = Set<string>;

/** Every word and hyphenated compound the document spells out in full, lower-cased. */
export function vocabularyOf(lines: string[]): Vocabulary {
  const vocab: Vocabulary = new Set();
  for (const line of lines) {
    for (const m of line.matchAll(/\p{L}+(?:[-\u2010]\p{L}+)*/gu)) vocab.add(m[0].toLowerCase().replace(/\u2010/g, '-'));
  }
  return vocab;
}

/** Whether `upper` ends with a word broken at a hyphen that `lower` continues. */
export function endsWithBrokenWord(upper: string, lower: string): boolean {
  return LINE_END_HYPHEN.test(upper) && LINE_START_WORD.test(lower);
}

/** The two lines as one: with or without the hyphen (see above), and no space between. */
export function joinBrokenWord(upper: string, lower: string, vocab: Vocabulary): string {
  const head = LINE_END_HYPHEN.exec(upper);
  const tail = LINE_START_WORD.exec(lower);
  if (!head?.[1] || !head[2] || !tail?.[1]) return `${upper} ${lower}`;
  const [first, hyphen, second] = [head[1], head[2], tail[1]];
  const withoutHyphen = upper.slice(0, -1) + lower;
  if (hyphen === '\u00ad') return withoutHyphen;
  const joined = (first + second).toLowerCase();
  const compound = `${first}-${second}`.toLowerCase();
  if (vocab.has(compound)) return upper + lower;
  if (vocab.has(joined)) return withoutHyphen;
  if (SUFFIXES.has(second) && first.length >= 2) return withoutHyphen;
  return upper + lower;
}

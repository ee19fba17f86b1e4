import { normalizeText } from '../../text/normalize.js';

/** The council as the document names it, and the short place name that questions and filters use. */
export interface Authority {
  authority: string;
  place: string;
}

const APOS = "['\u2019]";
// Words that make a place name a council's name: "London Borough of Barnet", "Dudley Metropolitan Borough Council".
const OFFICIAL_PREFIX = '(?:(?:London|Royal|Metropolitan) Borough of|City and County of|City of|Borough of|County of)';
const OFFICIAL_SUFFIX = '(?:(?: City| County| Borough| Metropolitan Borough| Metropolitan District| District)* Council)';
const PREFIX_RE = new RegExp(`^(?:the )?${OFFICIAL_PREFIX} `, 'i');
// The City of London is the one authority whose place name is "City of …" ("City of London
// Corporation"); elsewhere "City of York Council", "City of Westminster" name the council of York, Westminster.
const CITY_OF_LONDON = /^(?:the )?City of London\b(?! Borough)/i;
// A council type written in lower case in a title: "Darlington borough council children's services".
const LOWER_COUNCIL = '(?: (?:metropolitan borough|borough|county|city|district) council| council)?';
const SUFFIX_RE = /(?: (?:City|County|Borough|Metropolitan Borough|Metropolitan District|District))* (?:Council|MBC|BC)$|(?: (?:City|Borough))$/;
// A place name: capitalised words, joined by the small words place names use ("Bath and North East
// Somerset", "Kingston upon Thames", "Isle of Wight", "Stoke-on-Trent", "Bournemouth, Christchurch and Poole").
const PLACE = `[A-Z][\\w'’.-]*(?:,? (?:(?:and|upon|on|of|with|in|the|&) )?[A-Z][\\w'’.-]*)*`;

// Where the documents name the authority, most telling first.
const TITLE = new RegExp(`\\b(?:Focused|Monitoring) visit (?:to|of) (?:the )?(${PLACE})${LOWER_COUNCIL}(?: local authority)? children${APOS}s services`);
const INSPECTION_TITLE = new RegExp(`\\bInspection of (?:the )?(${PLACE})(?: local authority)?,? children${APOS}s services`);
const FIRST_SENTENCE = new RegExp(
  `\\bfindings (?:of|from) (?:a|the) (?:\\w+ )?(?:focused|monitoring) visit to (?:the )?(${PLACE})${LOWER_COUNCIL}(?: local authority)? children${APOS}s services`,
);
const SERVICES_IN = new RegExp(`\\bChildren${APOS}s services in (?:the )?(${PLACE}) (?:are|is|require)\\b`, 'i');
// Failing those, a council named anywhere, whose name words are not sentence openers or job titles
// ("The County Council" names no place; "Director of Children's Services Kent County Council" gives Kent).
const NOT_PLACE =
  "(?:The|This|That|These|Our|Your|Its|Their|A|An|In|At|Dear|Local|County|City|Borough|District|Metropolitan|Director|Executive|Children['’]s|Children|Families|Education|Social|Care|Services?|People|Skills|Overview|Directorate)\\b";
const NAME_WORD = `(?!${NOT_PLACE})[A-Z][\\w'’-]*`;
const FALLBACK_PLACE = `${NAME_WORD}(?: (?:(?:and|upon|on|&) )?${NAME_WORD})*`;
const COUNCIL_ANYWHERE = new RegExp(`\\b(${OFFICIAL_PREFIX} ${FALLBACK_PLACE}|${FALLBACK_PLACE}${OFFICIAL_SUFFIX})\\b`);

/** The short place name of a council's name: "London Borough of Tower Hamlets" → "Tower Hamlets". */
export function placeOf(name: string): string {
  const trimmed = withoutPossessive(name.trim());
  if (CITY_OF_LONDON.test(trimmed)) return 'City of London';
  let place = trimmed.replace(PREFIX_RE, '');
  for (let prev = ''; prev !== place; ) {
    prev = place;
    place = place.replace(SUFFIX_RE, '');
  }
  return place.replace(/^the /i, '').trim();
}

/**
 * The authority the document is about. The place comes from where the document states it (the
 * title, the first sentence, the opening line of an inspection report), never from a letterhead
 * word next to it; the council's full name is then the longest official form of that place the
 * document uses ("Barnet" → "London Borough of Barnet"), or the place as written.
 */
export function extractAuthority(raw: string): Authority | null {
  const flat = normalizeText(raw.slice(0, 20000));
  const stated = TITLE.exec(flat)?.[1] ?? INSPECTION_TITLE.exec(flat)?.[1] ?? FIRST_SENTENCE.exec(flat)?.[1] ?? openingName(raw) ?? SERVICES_IN.exec(flat)?.[1] ?? null;
  const named = stated ? placeOf(stated) : null;
  if (named) {
    const official = officialName(flat, named);
    return official ? { authority: official, place: placeOf(official) } : { authority: withoutPossessive(stated?.trim() ?? named), place: named };
  }
  const council = COUNCIL_ANYWHERE.exec(flat)?.[1];
  return council ? { authority: council, place: placeOf(council) } : null;
}

/** The name an inspection report opens with, above its title: "Bolton", "Dudley Metropolitan Borough Council". */
function openingName(raw: string): string | null {
  const head = raw.slice(0, raw.search(/^\s*Inspection of\b/im));
  if (!head.trim() || head.length > 400) return null;
  const name = normalizeText(head).trim();
  return new RegExp(`^(?:${OFFICIAL_PREFIX} )?${PLACE}${OFFICIAL_SUFFIX}?$`).test(name) && name.split(' ').length <= 8 ? name : null;
}

/** The longest way the document names the place as a council. */
function officialName(flat: string, place: string): string | null {
  const p = place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The place may be the first words of a longer name: "Newcastle" of "Newcastle upon Tyne City Council".
  const re = new RegExp(`(?:\\b${OFFICIAL_PREFIX} )?(?<![\\w-])${p}(?![\\w-])(?:(?: (?:upon|on|and|with) [A-Z][\\w-]*)*${OFFICIAL_SUFFIX})?`, 'g');
  let best: string | null = null;
  for (const m of flat.matchAll(re)) {
    const name = withoutPossessive(m[0].replace(/^(?:the|The) /, ''));
    if (name !== place && (!best || name.length > best.length)) best = name;
  }
  return best;
}

function withoutPossessive(name: string): string {
  return name.replace(/['’]s$/, '');
}

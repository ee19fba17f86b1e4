import { normalizeText } from '../../text/normalize.js';

// Where a document names its inspectors: "Her Majesty's Inspectors for this visit were…",
// "The inspectors were…", "The visit was carried out by…", "Lead inspector: …".
const TEAM =
  /\b(?:inspectors? for this visit (?:was|were)|Majesty['’]s Inspectors? (?:was|were)|the (?:lead )?inspectors? (?:was|were)|(?:was|were) (?:conducted|carried out|undertaken|led) by|lead inspectors?:|deputy lead inspectors?:|team inspectors?:)\s+([^.]{3,400}?)(?:\.(?:\s|$)|(?=\s+(?:Judgement|Inspection dates?|Report published|(?:Deputy lead|Lead|Team|Senior|Shadow|Additional) inspectors?:)))/gi;
const LEAD = /\b(?:the lead inspector (?:was|is)|lead inspector:)\s+([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3})/i;
// Words around names in those sentences that are not names.
// Roles said around the names ("Her Majesty's Inspector", "lead inspector", "three of…"), taken out before the names are read.
const ROLE =
  /\b(?:(?:all|three|two|four|five|six|seven|eight) of (?:whom are )?)?(?:Her|His) Majesty['’]s Inspectors?\b|\bHMI\b|\b(?:deputy lead|lead|team|senior|social care|regulatory) inspectors?\b|\ball of whom are\b/gi;
const NOT_NAME = /^(?:The|All|Three|Two|Four|Five|Of|Whom|Are|Ofsted)$/i;
const SIGNED = /\bYours sincerely,? ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}) (?:Her|His) Majesty['’]s Inspector\b/;
const NAME_WORD = /^(?:[A-Z][a-zA-Z'’]*(?:-[A-Za-z][a-zA-Z'’]*)*|O['’][A-Z][a-z]+)$/;

/** The inspectors the document names, lead inspector first; null when it names none. */
export function extractInspectors(raw: string): string[] | null {
  // Older inspection reports list "The inspection team / Lead inspector: …" on their last pages.
  const flat = normalizeText(raw);
  const names: string[] = [];
  for (const m of flat.matchAll(TEAM)) for (const name of namesIn(m[1] as string)) if (!names.includes(name)) names.push(name);
  if (!names.length) {
    // No sentence names the team: the inspector who signed the letter led the visit.
    const signed = SIGNED.exec(normalizeText(raw))?.[1];
    return signed && namesIn(signed).length ? namesIn(signed) : null;
  }
  const lead = LEAD.exec(flat)?.[1];
  const leadName = lead ? namesIn(lead)[0] : undefined;
  return leadName && names.includes(leadName) ? [leadName, ...names.filter((n) => n !== leadName)] : names;
}

/** Person names in a list such as "Tara Geere and Christine Kennet, Her Majesty's Inspectors". */
function namesIn(list: string): string[] {
  const out: string[] = [];
  for (const part of list
    .replace(/\([^)]*\)/g, ' ')
    .replace(ROLE, ' ')
    .split(/,\s*|\s+and\s+|\s+&\s+/)) {
    const words = part.split(/\s+/).filter((w) => w && !NOT_NAME.test(w));
    if (words.length >= 2 && words.length <= 4 && words.every((w) => NAME_WORD.test(w))) out.push(words.join(' '));
  }
  return out;
}

import { normalizeText } from '../text/normalize.js';
import { ORDINAL_SUFFIX, ordinalNumber } from '../text/ordinals.js';
import type { LetterMetadata } from './letter.js';
import { extractAuthority } from './metadata/authority.js';
import { inspectionDates, letterDate, visitDates } from './metadata/dates-in-text.js';
import { type DocumentKind, documentKind } from './metadata/document-kind.js';
import { extractInspectors } from './metadata/inspectors.js';
import { extractJudgements } from './metadata/judgements.js';

const VISIT_NUMBER = new RegExp(`\\bthe (\\d+${ORDINAL_SUFFIX}|[a-z]+) monitoring visit\\b`, 'i');
const APOS = "['\u2019]";
const VISIT_TITLE = /^[#\s]*((?:Monitoring|Focused) visit (?:to|of) [^\n]+?)\s*$/im;
// "Inspectors looked at the local authority's arrangements for care leavers", "This visit looked at the quality and impact of…".
const FOCUS =
  /\b((?:[Ii]nspectors|This visit|The visit) (?:looked at|evaluated|considered|reviewed|focused on) (?!a range\b|local authority performance\b|a sample\b|children['’]s (?:case )?records\b)[^.:◼•]+?)\s*(?:[.:◼•]|$)/;

/**
 * Bump when extractMetadata reads any document differently: the index manifest keeps each
 * unchanged letter's metadata so start-up need not read its text, and a new version reads them all
 * again. test/corpus/metadata-version.test.ts fails when the seeds' metadata changes without it.
 */
export const METADATA_VERSION = 2;

/** Metadata read from the document's own words; a field the text does not state is null, never a guess. */
export function extractMetadata(raw: string): LetterMetadata {
  const kind = documentKind(raw);
  const named = extractAuthority(raw);
  const flat = normalizeText(raw.slice(0, 12000));
  const inspection = kind === 'inspection' ? inspectionDates(raw) : null;
  const visit = kind === 'inspection' ? null : visitDates(raw);
  return {
    kind,
    title: extractTitle(raw, flat, kind, named?.place ?? null),
    date: kind === 'inspection' ? (inspection?.end ?? null) : letterDate(raw),
    authority: named?.authority ?? null,
    place: named?.place ?? null,
    recipient: extractRecipient(raw, flat),
    visitDates: visit,
    inspectionDates: inspection,
    visitNumber: kind === 'monitoring visit' || kind === null ? extractVisitNumber(flat) : null,
    inspectors: extractInspectors(raw),
    focus: kind === 'focused visit' ? extractFocus(flat) : null,
    judgements: kind === 'inspection' ? extractJudgements(raw) : null,
  };
}

function extractTitle(raw: string, flat: string, kind: DocumentKind | null, place: string | null): string | null {
  if (kind === 'inspection') {
    const stated = new RegExp(`\\b((?:Single )?Inspection of (?:the )?[^.]{2,120}? children${APOS}s (?:social care )?services)`).exec(flat)?.[1];
    if (stated && (!place || stated.includes(place))) return stated;
    return place ? `Inspection of ${place} children’s services` : (stated ?? null);
  }
  const line = VISIT_TITLE.exec(raw)?.[1];
  if (!line) return null;
  // A title can wrap onto the next line: read on in the flat text to "children's services".
  const start = flat.indexOf(normalizeText(line).slice(0, 40));
  const whole = start >= 0 ? new RegExp(`^.{0,200}? children${APOS}s services`).exec(flat.slice(start))?.[0] : undefined;
  const title = whole ?? normalizeText(line);
  // Columns read out of order run a postcode or a street into the title: say it plainly instead.
  const garbled = /\d|[a-z][A-Z]|\bThis letter\b/.test(title);
  if (garbled && place && kind) return `${kind === 'focused visit' ? 'Focused' : 'Monitoring'} visit to ${place} children’s services`;
  return title;
}

function extractVisitNumber(flat: string): number | null {
  const m = VISIT_NUMBER.exec(flat);
  return m?.[1] ? ordinalNumber(m[1]) : null;
}

function extractFocus(flat: string): string | null {
  const m = FOCUS.exec(flat);
  return m?.[1] ? m[1].replace(/^inspectors/, 'Inspectors').trim() : null;
}

/** The addressee's full name: the words before the salutation's surname in the address block. */
function extractRecipient(raw: string, flat: string): string | null {
  const dear = /\bDear (?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Professor|Sir|Dame|Councillor)\.? )*([A-Z][\w'-]+)/.exec(flat);
  if (!dear?.[1]) return null;
  const surname = dear[1];
  const before = normalizeText(raw.slice(0, raw.search(/\bDear\b/)));
  const m = new RegExp(`((?:[A-Z][\\w'-]+ ){1,3}${surname})\\b`).exec(before);
  if (!m?.[1]) return null;
  // Drop a date or street words that a PDF layout might have run into the name.
  const name = m[1].replace(/^.*\b\d{4}\s+/, '');
  return name.trim();
}

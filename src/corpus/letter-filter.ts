import { longDate } from './dates.js';
import type { LetterInfo } from './letter.js';
import type { DocumentKind } from './metadata/document-kind.js';

/** What a caller can narrow a question to: chosen letters, dates, authorities and kinds of document. */
export interface LetterFilter {
  letterIds?: string[] | undefined;
  /** Inclusive ISO dates on the letter's date. */
  from?: string | undefined;
  to?: string | undefined;
  /** Place ("Croydon") or full name ("London Borough of Croydon"); a letter matches any of them. */
  authority?: string[] | undefined;
  kind?: DocumentKind[] | undefined;
}

/** The filter as the retriever takes it, or why no letter can match. */
export type ResolvedFilter = { letterIds?: string[]; from?: string; to?: string; noMatch?: undefined } | { noMatch: string };

const squash = (s: string) =>
  s
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^a-z0-9']+/g, ' ')
    .replace(/^(?:the )/, '')
    .trim();

/** Whether a letter is about the named authority: its place or its council's full name, in any case. */
export function isAboutAuthority(letter: Pick<LetterInfo, 'authority' | 'place'>, name: string): boolean {
  const wanted = squash(name);
  if (!wanted) return false;
  return [letter.place, letter.authority].some((n) => n && squash(n) === wanted);
}

/**
 * Authorities and kinds become the ids of the letters that have them (read from each letter's
 * metadata), intersected with any letters chosen by id. When nothing can match, `noMatch` says
 * which filters ruled everything out, so an answer can say so instead of "not covered".
 */
export function resolveLetterFilter(letters: readonly LetterInfo[], filter: LetterFilter): ResolvedFilter {
  const { from, to } = filter;
  const described = describeFilter(filter);
  if (from && to && from > to) return { noMatch: `No letter matches these filters: from ${longDate(from) ?? from} is after to ${longDate(to) ?? to}.` };
  const authorities = filter.authority?.filter((a) => a.trim()) ?? [];
  const kinds = filter.kind ?? [];
  const chosen = filter.letterIds?.length ? new Set(filter.letterIds) : null;
  const matching = letters.filter(
    (l) =>
      (!chosen || chosen.has(l.id)) &&
      (!authorities.length || authorities.some((a) => isAboutAuthority(l, a))) &&
      (!kinds.length || (l.kind !== null && kinds.includes(l.kind))) &&
      (!from || (l.date !== null && l.date >= from)) &&
      (!to || (l.date !== null && l.date <= to)),
  );
  const narrowed = chosen !== null || authorities.length > 0 || kinds.length > 0 || !!from || !!to;
  if (narrowed && matching.length === 0) return { noMatch: `No letter matches these filters: ${described}.` };
  const byMetadata = authorities.length > 0 || kinds.length > 0;
  return {
    ...(byMetadata ? { letterIds: matching.map((l) => l.id) } : chosen ? { letterIds: [...chosen] } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** "authority Kent, kind inspection, from 1 January 2025": the filters in words. */
export function describeFilter(filter: LetterFilter): string {
  const parts: string[] = [];
  if (filter.letterIds?.length) parts.push(`${filter.letterIds.length} chosen letter${filter.letterIds.length === 1 ? '' : 's'}`);
  if (filter.authority?.length) parts.push(`authority ${filter.authority.join(' or ')}`);
  if (filter.kind?.length) parts.push(`kind ${filter.kind.join(' or ')}`);
  if (filter.from) parts.push(`from ${longDate(filter.from) ?? filter.from}`);
  if (filter.to) parts.push(`to ${longDate(filter.to) ?? filter.to}`);
  return parts.join(', ');
}

import { MONTH_ALTERNATION, monthName, monthNumber } from '../text/months.js';

/** A month name, captured: "(January|February|…|December)". */
export const MONTH_PATTERN = `(${MONTH_ALTERNATION})`;

/** ISO date from day, month name and year; null if the parts do not make a real date. */
export function isoDate(day: number | string, month: string, year: number | string): string | null {
  const m = monthNumber(month);
  const d = Number(day);
  const y = Number(year);
  if (m === null || !Number.isInteger(d) || !Number.isInteger(y)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** "18 December 2019" for "2019-12-18", as letters write dates; null for anything not YYYY-MM-DD with a real month. */
export function longDate(iso: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = m ? monthName(Number(m[2])) : undefined;
  return m && month ? `${Number(m[3])} ${month} ${m[1]}` : null;
}

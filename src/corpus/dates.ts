const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
export const MONTH_PATTERN = '(January|February|March|April|May|June|July|August|September|October|November|December)';

export function monthNumber(name: string): number | null {
  const i = MONTHS.indexOf(name.toLowerCase());
  return i < 0 ? null : i + 1;
}

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

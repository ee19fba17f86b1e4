/** The month names as letters write them, January first: MONTH_NAMES[m - 1] is month m's. */
export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** "January|February|…|December", to put inside a regular expression. */
export const MONTH_ALTERNATION = MONTH_NAMES.join('|');

const LOWER = MONTH_NAMES.map((m) => m.toLowerCase());

/** 1–12 for a month name in any case; null for anything else. */
export function monthNumber(name: string): number | null {
  const i = LOWER.indexOf(name.toLowerCase());
  return i < 0 ? null : i + 1;
}

/** The name of month m (1–12); undefined outside that range. */
export function monthName(m: number): string | undefined {
  return MONTH_NAMES[m - 1];
}

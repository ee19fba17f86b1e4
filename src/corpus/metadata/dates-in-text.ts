import { normalizeText } from '../../text/normalize.js';
import { ORDINAL_SUFFIX } from '../../text/ordinals.js';
import { isoDate, MONTH_PATTERN } from '../dates.js';

export interface DateRange {
  start: string;
  end: string;
}

const DATE_LINE = new RegExp(`^\\s*(\\d{1,2})${ORDINAL_SUFFIX}? ${MONTH_PATTERN},? (\\d{4})\\s*$`, 'm');
// "23 and 24 June 2021", "2 to 13 December 2024", "11 January to 8 February 2016", "23 April 2018 to 04 May 2018", "2 June 2014 – 25 June 2014".
const RANGE = `(\\d{1,2})(?: ${MONTH_PATTERN})?(?: (\\d{4}))? (?:and|to|until|–|—|-) (\\d{1,2}) ${MONTH_PATTERN} (\\d{4})`;
const SINGLE = `(\\d{1,2}) ${MONTH_PATTERN} (\\d{4})`;
const VISIT_RANGE = new RegExp(`visit to .{0,160}? (?:on|between) ${RANGE}`);
const VISIT_DAY = new RegExp(`visit to .{0,160}? on ${SINGLE}`);
const INSPECTION_RANGE = new RegExp(`\\bInspection dates?:? ${RANGE}`, 'i');
const INSPECTION_DAY = new RegExp(`\\bInspection dates?:? ${SINGLE}`, 'i');

/** The date a letter is dated: a line of its own near the top ("18 December 2019"). */
export function letterDate(raw: string): string | null {
  const m = DATE_LINE.exec(raw.slice(0, 1500));
  return m ? isoDate(m[1] as string, m[2] as string, m[3] as string) : null;
}

/** "…visit to Croydon children's services on 23 and 24 October 2019". */
export function visitDates(raw: string): DateRange | null {
  const flat = normalizeText(raw.slice(0, 8000));
  return rangeOf(VISIT_RANGE.exec(flat)) ?? dayOf(VISIT_DAY.exec(flat));
}

/** "Inspection dates: 23 April 2018 to 04 May 2018", as inspection reports print them instead of a date. */
export function inspectionDates(raw: string): DateRange | null {
  const flat = normalizeText(raw.slice(0, 8000));
  return rangeOf(INSPECTION_RANGE.exec(flat)) ?? dayOf(INSPECTION_DAY.exec(flat));
}

function rangeOf(m: RegExpExecArray | null): DateRange | null {
  if (!m) return null;
  const [, d1, m1, y1, d2, m2, y2] = m as unknown as string[];
  const end = isoDate(d2 as string, m2 as string, y2 as string);
  const start = isoDate(d1 as string, m1 ?? (m2 as string), y1 ?? (y2 as string));
  return start && end && start <= end ? { start, end } : null;
}

function dayOf(m: RegExpExecArray | null): DateRange | null {
  const day = m ? isoDate(m[1] as string, m[2] as string, m[3] as string) : null;
  return day ? { start: day, end: day } : null;
}

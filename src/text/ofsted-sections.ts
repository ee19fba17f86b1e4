/**
 * The headings Ofsted's letters and reports are written under (monitoring visits, focused visits,
 * ILACS inspections): where a letter gives its gist, and where it lists what must improve.
 */
export const SUMMARY_SECTION = /^(?:headline findings|main findings|summary(?! for children)|summary of (?:key )?findings|overview|overall effectiveness|key findings)\b/i;
export const IMPROVEMENT_SECTION = /^(?:what needs to improve|areas? for (?:improvement|priority action|development)|areas for priority action|recommendations?)\b/i;
/** A line that names the people who inspected ("Lead inspector: …", "… His Majesty's Inspector"). */
export const INSPECTOR_LINE = /\b(?:[Ii]nspectors?|HMI)\b/;

/** Ofsted's grades, longest first so that "Requires improvement to be good" is read whole. */
export const GRADES = ['Outstanding', 'Good', 'Requires improvement to be good', 'Requires improvement', 'Adequate', 'Inadequate'] as const;
export type Grade = (typeof GRADES)[number];

/** A grade as a judgement table prints it: capitalised, since "good" alone is an ordinary word. */
export const GRADE_PATTERN = 'Outstanding|Good|Requires [Ii]mprovement to be good|Requires [Ii]mprovement|Adequate|Inadequate';

/** A row of a judgement table, as a paragraph or sentence: an area (perhaps numbered), then its grade, and nothing else. */
export const GRADE_ROW = new RegExp(`^(?:\\d+(?:\\.\\d+)*\\.? )?[A-Z][^.\\n]{3,140}? (?:${GRADE_PATTERN})\\.?$`);

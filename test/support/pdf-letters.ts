import type { Block } from './make-pdf.js';

const SENTENCES = [
  'Social workers know their children well and visit them regularly.',
  'Managers now review plans at least monthly, and the reviews are recorded on the child’s file.',
  'Too many assessments are still completed late, which delays help for some families.',
  'The local authority has recruited more permanent staff, and caseloads have fallen for most teams.',
  'Inspectors saw purposeful direct work with children, although it is not always recorded well.',
  'Partners contribute to strategy meetings, and decisions about risk are timely in most cases.',
  'Leaders know where practice is weakest and have credible plans to improve it.',
];

export interface TestLetter {
  blocks: Block[];
  /** The paragraphs the ingested text must have, in order. */
  expected: string[];
  title: string;
  isoDate: string;
}

/**
 * A monitoring-visit letter long enough for two or more pages: date and address lines, a
 * salutation, headings (one set tight on its paragraph), a bulleted list, a hyphenated line
 * break that must be joined ("improvement") and one that must not ("multi-agency"), two
 * paragraphs with no gap between them, and a sign-off.
 */
export function testLetter(authority: string, phrase: string, bodyParagraphs = 7): TestLetter {
  const body = Array.from({ length: bodyParagraphs }, (_, i) => Array.from({ length: 4 + (i % 3) }, (_, k) => SENTENCES[(i * 3 + k) % SENTENCES.length]).join(' '));
  const blocks: Block[] = [
    { kind: 'lines', lines: ['3 March 2021', '', 'Jane Smith', 'Director of Children’s Services', `${authority} County Council`, 'County Hall'] },
    { kind: 'para', text: 'Dear Ms Smith' },
    { kind: 'heading', text: `Monitoring visit to ${authority} children’s services` },
    {
      kind: 'para',
      text: `This letter summarises the findings of the monitoring visit to ${authority} children’s services on 9 and 10 February 2021. The visit was the second monitoring visit since the local authority was judged inadequate. The inspectors were Jane Hollis and John Farrow, Her Majesty’s Inspectors.`,
    },
    { kind: 'para', text: `Leaders have made steady progress in the improve-|ment of services for children, and multi-|agency work is stronger than at the last visit. ${phrase}` },
    { kind: 'heading', text: 'Areas covered by the visit', tight: true },
    { kind: 'para', text: 'During this visit, inspectors reviewed the progress made in the areas of:' },
    { kind: 'bullets', items: ['children in need of help and protection, including those at risk of exploitation outside the home and those who go missing', 'care leavers.'] },
    { kind: 'heading', text: 'Findings and evaluation of progress' },
    ...body.map((text) => ({ kind: 'para' as const, text })),
    { kind: 'para', text: 'Supervision is regular. It is not yet reflective enough.', tight: true },
    { kind: 'para', text: 'Leaders have commissioned an independent review of supervision and will report on it at the next visit.' },
    { kind: 'lines', lines: ['Yours sincerely', '', 'Jane Hollis', 'Her Majesty’s Inspector'] },
  ];
  const expected = [
    '3 March 2021',
    `Jane Smith\nDirector of Children’s Services\n${authority} County Council\nCounty Hall`,
    'Dear Ms Smith',
    `Monitoring visit to ${authority} children’s services`,
    (blocks[3] as { text: string }).text,
    `Leaders have made steady progress in the improvement of services for children, and multi-agency work is stronger than at the last visit. ${phrase}`,
    'Areas covered by the visit',
    'During this visit, inspectors reviewed the progress made in the areas of:',
    '• children in need of help and protection, including those at risk of exploitation outside the home and those who go missing',
    '• care leavers.',
    'Findings and evaluation of progress',
    ...body,
    'Supervision is regular. It is not yet reflective enough.',
    'Leaders have commissioned an independent review of supervision and will report on it at the next visit.',
    'Yours sincerely',
    'Jane Hollis\nHer Majesty’s Inspector',
  ];
  return { blocks, expected, title: `Monitoring visit to ${authority} children's services`, isoDate: '2021-03-03' };
}

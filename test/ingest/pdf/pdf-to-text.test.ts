import { describe, expect, it } from 'vitest';
import { pdfToText } from '../../../src/ingest/pdf/pdf-to-text.js';
import { column, makePlacedPdf } from '../../support/make-pdf.js';

/** Ingested text of a PDF built from placed lines; fails the test if the PDF is refused. */
async function textOf(pages: Parameters<typeof makePlacedPdf>[0]): Promise<string> {
  const result = await pdfToText(await makePlacedPdf(pages));
  if (!result.ok) throw new Error(result.reason);
  return result.text;
}

const FILL = 'Inspectors met leaders, managers and social workers and looked at records';

describe('PDF text extraction', () => {
  it('drops a line-end hyphen only where the document itself shows the joined word, or the tail is a suffix', async () => {
    const text = await textOf([
      column([
        'The safeguarding partnership meets monthly and all partners now attend, including the police.',
        `${FILL} in the safe-`,
        'guarding team, who spoke about their well-',
        'being work. Well-being is a priority. The council in Kingston-',
        'upon Thames is a partner and reported that its assess-',
        'ments were completed on time for most children this year.',
      ]),
    ]);
    expect(text).toContain('safeguarding team');
    expect(text).toContain('their well-being work');
    expect(text).toContain('Kingston-upon Thames');
    expect(text).toContain('its assessments were');
    expect(text.trimEnd()).not.toContain('\n');
  });

  it('removes running headers, footers and page numbers but never the same words in the body', async () => {
    const body = (n: number) => [`Body paragraph on page ${n}. Children are seen regularly and their plans are reviewed on time by managers.`, '', 'Children are seen regularly.'];
    const page = (n: number) => [
      { text: 'Monitoring visit to Exampleshire', x: 72, y: 805, size: 9 },
      ...column(body(n)),
      { text: `- ${n} -`, x: 280, y: 30, size: 9 },
      { text: 'Ofsted, Piccadilly Gate, Manchester', x: 72, y: 45, size: 9 },
    ];
    const text = await textOf([page(1), page(2), page(3)]);
    expect(text).not.toMatch(/Monitoring visit to Exampleshire|Piccadilly|- \d -/);
    expect(text.match(/Children are seen regularly\.$/gm)).toHaveLength(3);
    expect(text.split('\n\n')).toHaveLength(6);
  });

  it('keeps letterhead columns on one row apart, and address lines as lines', async () => {
    const text = await textOf([
      [
        { text: 'Ofsted', x: 72, y: 800 },
        { text: 'T 0300 123 1231', x: 400, y: 800 },
        ...column(['12 May 2022', '', 'Ann Example', 'Director of Children’s Services', 'Exampleshire Council'], 770),
        ...column(['Dear Ms Example', '', `${FILL} and their families.`], 690),
      ],
    ]);
    expect(text).toBe(
      `Ofsted\nT 0300 123 1231\n\n12 May 2022\n\nAnn Example\nDirector of Children’s Services\nExampleshire Council\n\nDear Ms Example\n\n${FILL} and their families.\n`,
    );
  });

  it('joins a ragged-right paragraph set narrower than the body into one line', async () => {
    const text = await textOf([
      [
        ...column([`${FILL} and their families at home.`, `${FILL} and their families at home.`, '']),
        ...column(
          ['You may reuse this information free of charge in any format', 'or medium, under the terms of the Open Government Licence. To view this', 'licence, visit the website.'],
          700,
        ),
      ],
    ]);
    expect(text).toContain('in any format or medium, under the terms of the Open Government Licence. To view this licence, visit the website.');
  });

  it('joins a sentence carried over a page break', async () => {
    const text = await textOf([
      [...column(['Short opening paragraph of the letter.', '', 'Children are seen regularly and their plans are', ''], 200)],
      [...column(['reviewed on time by managers.'])],
    ]);
    expect(text).toContain('their plans are reviewed on time by managers.');
  });

  it('reads a two-column judgement table as rows: the area, then the grade to its right', async () => {
    const row = (area: string[], grade: string[], top: number) => [
      ...area.map((t, i) => ({ text: t, x: 79, y: top - i * 13 })),
      ...grade.map((t, i) => ({ text: t, x: 395, y: top - 6 - i * 13 })),
    ];
    const text = await textOf([
      [
        ...row(['The impact of leaders on social work practice with children', 'and families'], ['Good'], 600),
        ...row(['The experiences and progress of children who need help and', 'protection'], ['Requires improvement', 'to be good'], 560),
        ...row(['Overall effectiveness'], ['Good'], 520),
        ...column([`${FILL} and their families at home.`], 470),
      ],
    ]);
    expect(text.split('\n\n').slice(0, 3)).toEqual([
      'The impact of leaders on social work practice with children and families Good',
      'The experiences and progress of children who need help and protection Requires improvement to be good',
      'Overall effectiveness Good',
    ]);
  });
});

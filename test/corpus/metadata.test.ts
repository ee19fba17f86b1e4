import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractMetadata } from '../../src/corpus/metadata.js';
import { REPO_CORPUS, SEED_2018, SEED_2019 } from '../support/temp-corpus.js';

const seed = (file: string) => readFileSync(path.join(REPO_CORPUS, file), 'utf8');

const NOTHING = {
  kind: null,
  title: null,
  date: null,
  authority: null,
  place: null,
  recipient: null,
  visitDates: null,
  inspectionDates: null,
  visitNumber: null,
  inspectors: null,
  focus: null,
  judgements: null,
};
const NOT_AN_INSPECTION = { inspectionDates: null, focus: null, judgements: null };

describe('metadata extraction', () => {
  it('reads every field of the 2019 Markdown letter', () => {
    expect(extractMetadata(seed(SEED_2019))).toEqual({
      ...NOT_AN_INSPECTION,
      kind: 'monitoring visit',
      place: 'Croydon',
      title: "Monitoring visit to Croydon local authority children's services",
      date: '2019-12-18',
      authority: 'London Borough of Croydon',
      recipient: 'Robert Henderson',
      visitDates: { start: '2019-10-16', end: '2019-10-17' },
      visitNumber: 7,
      inspectors: ['Louise Hocking', 'Brenda McLaughlin'],
    });
  });

  it('reads every field of the 2018 PDF-extracted letter, across its hard line breaks', () => {
    expect(extractMetadata(seed(SEED_2018))).toEqual({
      ...NOT_AN_INSPECTION,
      kind: 'monitoring visit',
      place: 'Croydon',
      title: "Monitoring visit to Croydon children's services",
      date: '2018-08-02',
      authority: 'London Borough of Croydon',
      recipient: 'Eleni Ioannides',
      visitDates: { start: '2018-07-10', end: '2018-07-11' },
      visitNumber: 3,
      inspectors: ['Anne Waterman', 'Andy Whippey'],
    });
  });

  it.each([
    ['a bare note', 'Notes for the team.\n\nWe met on Tuesday and agreed next steps.\n'],
    ['a letter with no facts in it', 'Dear Sir\n\nThank you for your letter. The Council will reply in due course.\n\nYours faithfully\n\nJo Smith\n'],
    ['a letter naming an impossible date', '31 February 2019\n\nDear Dr Who\n\nThe inspectors were pleased with what they saw.\n'],
  ])('leaves every field null for %s rather than guessing', (_, text) => {
    expect(extractMetadata(text)).toEqual(NOTHING);
  });

  it('fills only the fields a minimal letter states', () => {
    const text = '## Monitoring visit to Anytown children\u2019s services\n\nThe lead inspector was Jo Smith, HMI. The County Council was not visited.\n';
    expect(extractMetadata(text)).toEqual({
      ...NOTHING,
      kind: 'monitoring visit',
      title: "Monitoring visit to Anytown children's services",
      authority: 'Anytown',
      place: 'Anytown',
      inspectors: ['Jo Smith'],
    });
  });

  it('reads a visit spanning two months and a visit number written in digits', () => {
    const text = [
      '3 November 2019',
      'Jo Bloggs\nDirector of Children\u2019s Services\nKent County Council',
      'Dear Ms Bloggs',
      'This letter summarises the findings of the monitoring visit to Kent children\u2019s services on 30 September and 1 October 2019. The visit was the 2nd monitoring visit.',
    ].join('\n\n');
    expect(extractMetadata(text)).toMatchObject({
      date: '2019-11-03',
      kind: 'monitoring visit',
      authority: 'Kent County Council',
      place: 'Kent',
      recipient: 'Jo Bloggs',
      visitDates: { start: '2019-09-30', end: '2019-10-01' },
      visitNumber: 2,
    });
  });
});

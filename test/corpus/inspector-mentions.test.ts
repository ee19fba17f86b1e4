import { describe, expect, it } from 'vitest';
import { extractInspectors, inspectorMentions } from '../../src/corpus/metadata/inspectors.js';

const names = (text: string) => extractInspectors(text);

describe('the inspectors a letter names', () => {
  it('reads the ways Ofsted letters and reports name their teams', () => {
    expect(names('The inspectors were John Roughton, HMI, and Diane Partridge, HMI.')).toEqual(['John Roughton', 'Diane Partridge']);
    expect(names('His Majesty’s Inspectors for this visit were lead inspector Ceri Evans and team inspector Monique Lindsay.')).toEqual(['Ceri Evans', 'Monique Lindsay']);
    expect(names('The inspectors were Lorna Schlechte, Brenda McLaughlin and Máire O’Neill, all of whom are Her Majesty’s Inspectors.')).toEqual([
      'Lorna Schlechte',
      'Brenda McLaughlin',
      'Máire O’Neill',
    ]);
    expect(
      names(
        'Lead inspector: Graham Reiter, HMI\nTeam inspectors: Pauline Higham (HMI), Claire Brown (HMI)\nShadow inspectors: Regulatory Inspection Manager Rachel Holden, Charles Searle HMI\n',
      ),
    ).toEqual(['Graham Reiter', 'Pauline Higham', 'Claire Brown', 'Rachel Holden', 'Charles Searle']);
    expect(names('The visit was carried out by Paula Thomson-Jones and Sean Tarpey.')).toEqual(['Paula Thomson-Jones', 'Sean Tarpey']);
  });

  it('reads a name hard-wrapped over two lines as one, and quotes its whole sentence', () => {
    const text = 'This letter summarises the visit. The inspectors were Anne\nWaterman and Andy Whippey, Her Majesty’s Inspectors.\n';
    const [anne, andy] = inspectorMentions(text);
    expect(anne?.name).toBe('Anne Waterman');
    expect(andy?.name).toBe('Andy Whippey');
    expect(text.slice(anne?.line.start, anne?.line.end)).toBe('The inspectors were Anne\nWaterman and Andy Whippey, Her Majesty’s Inspectors.');
    expect(text.slice(andy?.start, andy?.end)).toBe('Andy Whippey');
  });

  it('reads the sign-off only when it says the writer is an inspector', () => {
    const signed = 'Dear Ms Doe\n\nThank you.\n\nYours sincerely,\n\nDiane Partridge\n\nHer Majesty’s Inspector\n';
    expect(names(signed)).toEqual(['Diane Partridge']);
    const mention = inspectorMentions(signed)[0];
    expect(signed.slice(mention?.line.start, mention?.line.end)).toBe('Diane Partridge');
    expect(names('Dear Sir\n\nThe Council will reply.\n\nYours faithfully\n\nJo Smith\n\nChief Executive\n')).toBeNull();
  });

  it('names nobody where a sentence only mentions inspectors, or names an organisation or an officer', () => {
    expect(names('Children in care who met inspectors were very positive about the support from Barnsley’s Leaving Care Team.')).toBeNull();
    expect(names('Inspectors met the Director of Children’s Services, and staff from the Children and Family Court Advisory and Support Service.')).toBeNull();
    expect(names('The lead inspector and the director of children’s services agreed arrangements to deliver this visit.')).toBeNull();
  });

  it('gives each person once, however often the letter names them, and the same key whatever the apostrophe', () => {
    const text = 'The inspectors were Máire O’Neill and Kate Malleson.\n\nYours sincerely,\n\nMáire O’Neill\n\nHis Majesty’s Inspector\n';
    expect(names(text)).toEqual(['Máire O’Neill', 'Kate Malleson']);
    expect(inspectorMentions(text).map((m) => m.key)).toEqual(["máire o'neill", 'kate malleson', "máire o'neill"]);
  });
});

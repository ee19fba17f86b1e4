import { describe, expect, it } from 'vitest';
import { isNameWord, namesPerson } from '../../src/text/person-names.js';

describe('person names in a sentence', () => {
  it('finds a personal name anywhere in the sentence', () => {
    expect(namesPerson('The director of children’s services, Jo Smith, has strengthened leadership.')).toBe(true);
    expect(namesPerson('Diane Partridge led the visit.')).toBe(true);
    expect(namesPerson('The inspectors were Máire O’Neill and Paula Thomson-Jones.')).toBe(true);
  });

  it('does not take places, organisations or titles for a person', () => {
    expect(namesPerson('Children in the London Borough of Sutton receive a good service.')).toBe(false);
    expect(namesPerson('Tower Hamlets and Barking and Dagenham share an out-of-hours service.')).toBe(false);
    expect(namesPerson('The Family Court Advisory and Support Service works with Her Majesty’s Inspectors.')).toBe(false);
    expect(namesPerson('Since The Director arrived, morale has improved.')).toBe(false);
  });

  it('reads possessives and titles as not part of a name', () => {
    expect(isNameWord('Barnsley’s')).toBe(false);
    expect(isNameWord('Inspector')).toBe(false);
    expect(isNameWord('McLaughlin')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { filterMarkers, MarkerFilter } from '../../src/llm/marker-filter.js';

describe('citation marker filter', () => {
  it('drops markers naming no provided passage, with the space before them, and keeps the rest', () => {
    const out = filterMarkers('Caseloads fell [1]. Leaders were praised [99]. Both [1, 2][7] and [2-3].', 3);
    expect(out.text).toBe('Caseloads fell [1]. Leaders were praised. Both [1][2] and [2][3].');
    expect(out.dropped.sort((a, b) => a - b)).toEqual([7, 99]);
    expect([...out.kept].sort()).toEqual([1, 2, 3]);
  });

  it('leaves bracketed text that is not a marker alone and keeps line breaks', () => {
    expect(filterMarkers('  See [Annex A].\n\n[42] Next point [1]  ', 2).text).toBe('See [Annex A].\n\nNext point [1]');
  });

  it('gives the same text however the reply is split into pieces', () => {
    const reply = ' Visits are regular [2]. Caseloads are 17 [12][1]; supervision varies [ 3 ].\n\n[9] Done [4';
    const whole = filterMarkers(reply, 3).text;
    for (let size = 1; size <= 7; size++) {
      const f = new MarkerFilter(3);
      let out = '';
      for (let i = 0; i < reply.length; i += size) out += f.push(reply.slice(i, i + size));
      out += f.end();
      expect(out, `pieces of ${size}`).toBe(whole);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { analyze, words } from '../../src/text/analyze.js';
import { STOPWORDS } from '../../src/text/stopwords.js';

describe('stopwords', () => {
  it('are written as analysis gives words, so each can match', () => {
    for (const w of STOPWORDS) expect(words(w)).toEqual([w]);
  });

  it('drop contractions, straight or curly, and keep words a contraction could be mistaken for', () => {
    expect(analyze("They don't, we aren\u2019t, it's").terms).toEqual([]);
    expect(analyze('works well for ill children').terms).toEqual(['work', 'well', 'ill', 'child']);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkLetter } from '../src/chunk/chunk-letter.js';

describe('seed letters', () => {
  it('split into 15–40 paragraphs each', () => {
    for (const f of ['croydon-2019-12-18.md', 'croydon-2018-08-02.txt']) {
      const n = chunkLetter(readFileSync(`corpus/${f}`, 'utf8')).chunks.length;
      expect(n).toBeGreaterThanOrEqual(15);
      expect(n).toBeLessThanOrEqual(40);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { runChaos } from '../../scripts/harness/chaos.js';
import { runUploadChaos } from '../../scripts/harness/chaos-uploads.js';

describe('short chaos (npm run chaos does 50)', () => {
  it('after each of 3 SIGKILLs at random moments the index is complete and the next start answers', async () => {
    const { rounds } = await runChaos({ kills: 3, letters: 6, seed: 42 });
    expect(rounds).toHaveLength(3);
    for (const r of rounds) {
      expect(r.problems, JSON.stringify(r)).toEqual([]);
      expect(r.answered).toBe(true);
      expect(['old', 'new']).toContain(r.onDisk);
    }
  }, 120_000);
});

describe('short upload chaos (npm run chaos does 10)', () => {
  it('after 2 SIGKILLs during a PDF upload corpus/ holds the whole letter or nothing and the next start answers', async () => {
    const rounds = await runUploadChaos({ kills: 2, seed: 5 });
    expect(rounds).toHaveLength(2);
    for (const r of rounds) {
      expect(r.problems, JSON.stringify(r)).toEqual([]);
      expect(['whole', 'none']).toContain(r.inCorpus);
      expect(r.nextStartAnswered).toBe(true);
    }
  }, 180_000);
});

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { extractMetadata, METADATA_VERSION } from '../../src/corpus/metadata.js';

/**
 * The index manifest keeps each unchanged letter's metadata, so start-up need not read its text;
 * only a new METADATA_VERSION makes it read them again. When this fails, extractMetadata now reads
 * the seeds differently: bump METADATA_VERSION and record the new version and hash here.
 */
const RECORDED = { version: 2, sha256: '4513d0518434fa55e642c7a83ae1603a18cca1f4b59ca57acd36b1b979b348ac' };

describe('METADATA_VERSION', () => {
  it('changes whenever what extractMetadata reads from the seed letters changes', async () => {
    const seeds = await Promise.all(['corpus/croydon-2018-08-02.txt', 'corpus/croydon-2019-12-18.md'].map((f) => readFile(f, 'utf8')));
    const sha256 = createHash('sha256')
      .update(JSON.stringify(seeds.map(extractMetadata)))
      .digest('hex');
    expect({ version: METADATA_VERSION, sha256 }).toEqual(RECORDED);
  });
});

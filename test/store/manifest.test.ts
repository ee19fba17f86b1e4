import { describe, expect, it } from 'vitest';
import { letterEntrySchema, manifestSchema } from '../../src/store/manifest.js';

const manifest = (letters: Record<string, unknown>) => ({
  version: 1,
  createdAt: 'now',
  chunker: { version: 'x', maxTokens: 350, minWords: 8 },
  embedder: { id: 'e', dimensions: 64 },
  letters,
  chunkCount: 0,
});

describe('manifestSchema letters (checked by hand, not by zod per entry)', () => {
  const good = { sha256: 'ab', file: 'a.txt', chunks: 3, size: 10, mtimeMs: 1.5, metadata: { date: null } };
  const cases: [string, unknown][] = [
    ['complete', good],
    ['without stamps or metadata', { sha256: 'ab', file: 'a.txt', chunks: 0 }],
    ['no sha256', { file: 'a.txt', chunks: 3 }],
    ['a negative chunk count', { ...good, chunks: -1 }],
    ['a fractional size', { ...good, size: 1.5 }],
    ['an mtime that is a string', { ...good, mtimeMs: 'yesterday' }],
    ['metadata that is a list', { ...good, metadata: [] }],
    ['not an object', 'a.txt'],
  ];
  it.each(cases)('agrees with the entry schema on an entry %s', (_, entry) => {
    const ok = letterEntrySchema.safeParse(entry).success;
    expect(manifestSchema.safeParse(manifest({ a: entry })).success).toBe(ok);
  });

  it('keeps the entries as they were read (no copy)', () => {
    const raw = manifest({ a: good });
    expect(manifestSchema.parse(raw).letters.a).toBe(raw.letters.a);
  });
});

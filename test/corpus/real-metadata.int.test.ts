import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/compose/build-server.js';
import { chunkOptionsFrom } from '../../src/compose/settings.js';
import type { Letter } from '../../src/corpus/letter.js';
import { CorpusStore } from '../../src/ingest/corpus-store.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import type { LetterSummary } from '../../src/server/letter-shapes.js';
import { type ManifestEntry, realLettersDir } from '../support/real-letters.js';
import { tempDir } from '../support/run-cli.js';
import { testConfig } from '../support/test-server.js';

const DIR = realLettersDir();
// Slug words that name no place, and manifest slugs that abbreviate ("bournemouth-christchurch-poole").
const NOT_A_PLACE_WORD = new Set(['and', 'of', 'the', 'upon', 'on', 'corporation', 'council', 'city', 'county', 'borough']);
const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !NOT_A_PLACE_WORD.has(w));
const DAY = 86_400_000;

/**
 * The 125 real documents of ../shared/real-letters, ingested as a user would (PDF → corpus/ →
 * index → API) under neutral file names, so that nothing can come from the name: each letter's
 * kind, authority, date and (for inspection reports) overall grade are checked against the manifest.
 * Reads and indexes every PDF in process: slow, so in the int tier.
 */
describe.skipIf(!DIR)('metadata of the real Ofsted documents', () => {
  let manifest: (ManifestEntry & { id: string })[];
  let app: Hono;
  const letters = new Map<string, LetterSummary & Partial<Letter>>();

  beforeAll(async () => {
    const dir = DIR as string;
    const entries = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as ManifestEntry[];
    manifest = entries.map((e, i) => ({ ...e, id: `document-${String(i + 1).padStart(3, '0')}` }));
    const corpusDir = await tempDir('real-corpus');
    const config = testConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: await tempDir('real-index') });
    const items = manifest.map((e) => ({ name: `${e.id}.pdf`, size: 0, read: async () => new Uint8Array(await readFile(path.join(dir, e.file))) }));
    const { counts } = await ingestBatch(items, { store: new CorpusStore(corpusDir), chunkOptions: chunkOptionsFrom(config), via: 'cli', maxBytes: config.INGEST_MAX_BYTES });
    expect(counts.failed).toBe(0);
    ({ app } = await buildServer(config));
    const list = (await (await app.request('/api/letters')).json()) as { letters: LetterSummary[] };
    for (const l of list.letters) letters.set(l.id, l);
  }, 240_000);

  const score = (check: (e: ManifestEntry & { id: string }, l: LetterSummary & Partial<Letter>) => boolean, of = (_: ManifestEntry) => true) => {
    const wanted = manifest.filter(of);
    const failed = wanted.filter((e) => {
      const l = letters.get(e.id);
      return !l || !check(e, l);
    });
    return { total: wanted.length, failed: failed.map((e) => `${e.file}: ${JSON.stringify(letters.get(e.id)?.authority ?? null)} ${letters.get(e.id)?.date ?? null}`) };
  };

  it('knows the kind of every document', () => {
    expect(letters.size).toBe(manifest.length);
    expect(score((e, l) => l.kind === e.kind).failed).toEqual([]);
  });

  it('names the authority of every document, and a place that is part of it', () => {
    // City of London's manifest slug is "london-corporation"; the letter calls it "City of London" throughout.
    const { failed } = score((e, l) => {
      const named = words(l.authority ?? '');
      return words(e.authority).every((w) => named.includes(w)) && !!l.place && (l.authority ?? '').includes(l.place.replace(/^City of /, ''));
    });
    expect(failed.length, failed.join('\n')).toBeLessThanOrEqual(1);
  });

  it('dates a focused visit by its letter and an inspection report by its last inspection day', () => {
    const visits = score(
      (e, l) => !!l.date && Math.abs(Date.parse(e.published) - Date.parse(l.date)) <= 7 * DAY,
      (e) => e.kind === 'focused visit',
    );
    expect(visits.failed).toEqual([]);
    const exact = score(
      (e, l) => l.date === e.published,
      (e) => e.kind === 'focused visit',
    );
    // Two letters are dated a few days after the date Ofsted's file name gives.
    expect(exact.failed.length).toBeLessThanOrEqual(2);
    const reports = score(
      (e, l) => !!l.date && Date.parse(e.published) - Date.parse(l.date) >= 0 && Date.parse(e.published) - Date.parse(l.date) <= 150 * DAY,
      (e) => e.kind === 'inspection',
    );
    expect(reports.failed).toEqual([]);
  });

  it('reads the overall grade, and each judgement, of every inspection report', async () => {
    for (const e of manifest.filter((m) => m.kind === 'inspection')) {
      const view = (await (await app.request(`/api/letters/${e.id}`)).json()) as Letter;
      expect(view.inspectionDates, e.file).not.toBeNull();
      const overall = view.judgements?.find((j) => /overall/i.test(j.area));
      expect(overall?.grade, e.file).toMatch(/^(Outstanding|Good|Requires improvement( to be good)?|Adequate|Inadequate)$/);
      for (const j of view.judgements ?? []) expect(j.area, e.file).not.toMatch(/\b(Outstanding|Good|Requires|Inadequate)\b/);
      expect(view.title, e.file).toMatch(/^(Single |Re-)?Inspection of .*children[’']s/i);
    }
  });

  it('names the inspectors of every document, and the focus of most focused visits', async () => {
    let focus = 0;
    for (const e of manifest) {
      const view = (await (await app.request(`/api/letters/${e.id}`)).json()) as Letter;
      expect(view.inspectors?.length, e.file).toBeGreaterThan(0);
      for (const name of view.inspectors ?? []) expect(name, e.file).toMatch(/^\p{Lu}[\p{L}'’-]+( \p{Lu}[\p{L}'’-]+){1,3}$/u);
      if (e.kind === 'focused visit' && view.focus) focus++;
      if (e.kind === 'focused visit') expect(view.judgements, e.file).toBeNull();
    }
    // Letters written during the pandemic state no focus: null, not a guess.
    expect(focus).toBeGreaterThanOrEqual(85);
  });
});

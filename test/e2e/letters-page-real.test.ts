import { copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realCorpus } from '../../src/eval/real-corpus-cache.js';
import type { LetterSummary } from '../../src/server/letter-shapes.js';
import { realLettersDir } from '../support/real-letters.js';
import { tempDir } from '../support/run-cli.js';
import { copySeeds } from '../support/temp-corpus.js';
import { contrastProblems } from './contrast.js';
import { launchBrowser, openPage, screenshot, startTestServer, type TestBrowser, type TestServer } from './harness.js';

const DIR = realLettersDir();

/** The letters page over the 125 real Ofsted documents plus the two seed letters. */
describe.skipIf(!DIR)('the letters page with the real documents', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let letters: LetterSummary[];
  const nameOf = (l: LetterSummary) => l.place || l.authority || '';

  beforeAll(async () => {
    // Converted once and cached (src/eval/real-corpus-cache.ts), shared with the eval.
    const real = await realCorpus(DIR as string);
    const corpus = await tempDir('real-letters-page');
    for (const f of await readdir(real.dir)) if (/\.(txt|md)$/.test(f)) await copyFile(path.join(real.dir, f), path.join(corpus, f));
    await copySeeds(corpus);
    [server, browser] = await Promise.all([startTestServer(corpus), launchBrowser()]);
    letters = ((await (await fetch(`${server.url}/api/letters`)).json()) as { letters: LetterSummary[] }).letters;
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (p: string) => openPage(await browser.context({ baseURL: server.url, width: 1200, height: 900 }), p);
  const cards = (page: Awaited<ReturnType<typeof open>>['page']) =>
    page.locator('.letter-card').evaluateAll((els) =>
      els.map((e) => ({
        id: (e as HTMLElement).dataset.letter ?? '',
        group: (e.closest('.authority-group') as HTMLElement).dataset.authority ?? '',
        date: e.querySelector('.letter-card-date')?.textContent ?? '',
        details: e.querySelector('.letter-card-details')?.textContent ?? '',
      })),
    );

  it('groups 127 documents by authority, in name order, newest first within each, with kind, date and grade', async () => {
    expect(letters).toHaveLength(127);
    const { page, errors } = await open('/letters');
    const names = [...new Set(letters.map(nameOf))];
    const groups = await page.locator('.authority-group').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.authority ?? ''));
    expect(groups).toHaveLength(names.length);
    expect(new Set(groups)).toEqual(new Set(names));
    expect(groups.filter(Boolean)).toEqual([...groups.filter(Boolean)].sort((a, b) => a.localeCompare(b, 'en-GB')));
    const shown = await cards(page);
    expect(shown).toHaveLength(127);
    const byId = new Map(letters.map((l) => [l.id, l]));
    for (const group of groups) {
      const dates = shown.filter((c) => c.group === group).map((c) => byId.get(c.id)?.date ?? '');
      expect(dates).toEqual([...dates].sort().reverse());
    }
    const inspections = letters.filter((l) => l.kind === 'inspection');
    expect(inspections.length).toBeGreaterThan(10);
    for (const c of shown) {
      const l = byId.get(c.id) as LetterSummary;
      if (l.kind === 'inspection') expect(c.details).toMatch(/^Inspection · /);
      if (l.grade) expect(c.details).toContain(`Overall: ${l.grade}`);
    }
    expect(shown.filter((c) => /Overall: /.test(c.details)).length).toBeGreaterThan(10);
    expect(await contrastProblems(page)).toEqual([]);
    await screenshot(page, 'letters-real');
    expect(errors).toEqual([]);
  });

  it('searches by authority name and filters by kind and year', async () => {
    const { page } = await open('/letters');
    await page.fill('#letters-search', 'croy');
    let shown = await cards(page);
    expect(new Set(shown.map((c) => c.group))).toEqual(new Set(['Croydon']));
    expect(shown.length).toBe(letters.filter((l) => nameOf(l) === 'Croydon').length);
    expect(await page.locator('#letters-count').textContent()).toBe(`Showing ${shown.length} of 127 documents.`);

    await page.fill('#letters-search', '');
    await page.selectOption('#letters-kind', 'focused visit');
    shown = await cards(page);
    expect(shown.length).toBe(letters.filter((l) => l.kind === 'focused visit').length);
    expect(shown.every((c) => c.details.startsWith('Focused visit'))).toBe(true);

    await page.selectOption('#letters-year', '2021');
    shown = await cards(page);
    expect(shown.length).toBe(letters.filter((l) => l.kind === 'focused visit' && l.date?.startsWith('2021')).length);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((c) => c.date.endsWith('2021'))).toBe(true);
  });

  it('shows an inspection report’s metadata and judgements on its page', async () => {
    const report = letters.find((l) => l.kind === 'inspection' && l.grade) as LetterSummary;
    const { page, errors } = await open(`/letters/${encodeURIComponent(report.id)}`);
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain('KindInspection');
    expect(facts).toContain('Inspection dates');
    expect(await page.locator('.judgements tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('.judgements').textContent()).toContain(report.grade as string);
    expect(errors).toEqual([]);
  });

  it('summarises the corpus truthfully on the chat page and offers its authorities and kinds as filters', async () => {
    const { page } = await open('/');
    const authorities = new Set(letters.map(nameOf).filter(Boolean));
    const unnamed = letters.filter((l) => !l.authority && !l.place).length;
    const years = letters
      .map((l) => l.date?.slice(0, 4))
      .filter(Boolean)
      .sort();
    const none = unnamed ? ` (${unnamed} naming no authority)` : '';
    expect(await page.locator('#corpus-summary').textContent()).toBe(`127 documents about ${authorities.size} authorities${none}, ${years[0]}–${years.at(-1)}.`);
    expect(await page.locator('#filter-authorities option').count()).toBe(new Set(letters.map(nameOf).filter(Boolean)).size);

    await page.click('#filter-toggle');
    await page.fill('#filter-authority', 'Croydon');
    await page.dispatchEvent('#filter-authority', 'change');
    await page.selectOption('#filter-kind', 'monitoring visit');
    const visible = await page.locator('.filter-letter:not([hidden])').count();
    expect(visible).toBe(letters.filter((l) => nameOf(l) === 'Croydon' && l.kind === 'monitoring visit').length);
    await page.click('#filter-done');
    const request = page.waitForRequest((r) => r.url().endsWith('/api/answer'));
    await page.fill('#question', 'What did inspectors say about supervision?');
    await page.press('#question', 'Enter');
    expect((await request).postDataJSON()).toMatchObject({ authority: 'Croydon', kind: 'monitoring visit' });
    await page.waitForSelector('.turn:last-child .answer:not([data-status="streaming"])');
    const cited = await page
      .locator('.turn:last-child a.ref')
      .evaluateAll((as) => as.map((a) => decodeURIComponent(/\/letters\/([^?#]+)/.exec(a.getAttribute('href') ?? '')?.[1] ?? '')));
    expect(cited.length).toBeGreaterThan(0);
    const croydon = new Set(letters.filter((l) => nameOf(l) === 'Croydon').map((l) => l.id));
    expect(cited.every((id) => croydon.has(id))).toBe(true);
  });
});

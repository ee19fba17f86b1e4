import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, letterText } from './chat-helpers.js';
import { HOSTILE_CORPUS, launchBrowser, openPage, SEED_CORPUS, screenshot, startTestServer, type TestBrowser, type TestServer } from './harness.js';

let server: TestServer;
let hostile: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  [server, hostile, browser] = await Promise.all([startTestServer(SEED_CORPUS), startTestServer(HOSTILE_CORPUS), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await hostile?.close();
});

const open = async (path: string, options: { width?: number; height?: number } = {}) => openPage(await browser.context({ baseURL: server.url, ...options }), path);

const marksText = (page: Page) => page.locator('#letter mark.cited').allTextContents();

async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
}

/** Offsets of a phrase in the letter's raw text, as a citation would give them. */
async function spanOf(page: Page, id: string, from: string, to: string) {
  const text = await letterText(page, id);
  const start = text.indexOf(from);
  const end = text.indexOf(to, start) + to.length;
  if (start < 0 || end < to.length) throw new Error(`phrase not in ${id}`);
  return { text, start, end };
}

describe('letters list and letter viewer', () => {
  it('lists the letters and opens one', async () => {
    const { page, errors } = await open('/letters');
    const cards = page.locator('.letter-card');
    expect(await cards.count()).toBe(2);
    // One authority, newest first.
    expect(await page.locator('.authority-group .authority-name').allTextContents()).toEqual(['Croydon · London Borough of Croydon · 2 documents']);
    expect(await cards.nth(1).textContent()).toMatch(/2 August 2018[\s\S]*Monitoring visit to Croydon[\s\S]*Monitoring visit · Visit 3 · 21 paragraphs/);
    await cards
      .nth(0)
      .getByRole('link', { name: /Monitoring visit/ })
      .click();
    await page.waitForSelector('body[data-ready]');
    expect(new URL(page.url()).pathname).toBe('/letters/croydon-2019-12-18');
    expect(await page.locator('h1').textContent()).toBe("Monitoring visit to Croydon local authority children's services");
    expect(await page.locator('.letter-heading').allTextContents()).toContain('Areas covered by the visit');
    // The lead-in and each of its two bullets are paragraphs of their own (issue 15).
    expect(await page.locator('#letter .para').count()).toBe(25);
    expect(errors).toEqual([]);
  });

  it('highlights exactly the cited characters across PDF line breaks and scrolls them into view', async () => {
    const ctx = await browser.context({ baseURL: server.url });
    const probe = await ctx.newPage();
    const { text, start, end } = await spanOf(probe, 'croydon-2018-08-02', 'Senior managers recognised that better oversight', 'reviewing officer.');
    expect(text.slice(start, end)).toContain('\n');

    const { page, errors } = await openPage(ctx, `/letters/croydon-2018-08-02?start=${start}&end=${end}`);
    expect((await marksText(page)).join('')).toBe(text.slice(start, end));
    expect(await inViewport(page, '#letter mark.cited')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('highlight');
    expect(await page.locator('#highlight-bar').innerText()).toMatch(/paragraph 11/);
    await screenshot(page, 'letter-with-highlight');

    // Off by one either side is visible in the marks: the span is not rounded to words.
    const { page: shifted } = await openPage(ctx, `/letters/croydon-2018-08-02?start=${start + 1}&end=${end - 1}`);
    expect((await marksText(shifted)).join('')).toBe(text.slice(start + 1, end - 1));
    expect(errors).toEqual([]);
  });

  it('a span over list items highlights everything but the list markers', async () => {
    const ctx = await browser.context({ baseURL: server.url });
    const { text, start, end } = await spanOf(await ctx.newPage(), 'croydon-2019-12-18', 'inspectors reviewed the progress', 'plan for adoption.');
    const { page } = await openPage(ctx, `/letters/croydon-2019-12-18?start=${start}&end=${end}`);
    const marks = await marksText(page);
    expect(marks.length).toBeGreaterThan(1);
    // The span crosses the lead-in and both bullets, each its own paragraph: every character but the markers and breaks.
    expect(marks.join('')).toBe(text.slice(start, end).replace(/\n(?:- )?/g, ''));
    expect(await page.locator('#p7').innerText()).toMatch(/Services for children who receive support/);
    expect(await page.locator('#p8').innerText()).toMatch(/Services offered to children who have a plan for adoption/);
  });

  it('a paragraph permalink works pasted into a new tab, and links move between paragraphs', async () => {
    const { page, errors } = await open('/letters/croydon-2019-12-18#p14', { height: 700 });
    const p14 = page.locator('#p14');
    expect(await p14.getAttribute('class')).toContain('is-target');
    expect(await p14.innerText()).toMatch(/Children on either a child protection or a child in need plan/);
    expect(await inViewport(page, '#p14 .para-link')).toBe(true);
    await screenshot(page, 'letter-permalink');

    await page.locator('#p7 .para-link').click();
    expect(new URL(page.url()).hash).toBe('#p7');
    await page.waitForSelector('#p7.is-target');
    expect(await page.locator('.para.is-target').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('a span outside the letter highlights nothing and says so; an unknown letter is a 404 page', async () => {
    const { page } = await open('/letters/croydon-2019-12-18?start=10&end=99999999');
    expect(await page.locator('mark').count()).toBe(0);
    expect(await page.locator('#highlight-bar').innerText()).toMatch(/not in this letter/);

    const missing = await (await browser.context({ baseURL: server.url })).newPage();
    const response = await missing.goto('/letters/no-such-letter');
    expect(response?.status()).toBe(404);
    expect(await missing.locator('h1').textContent()).toBe('No such letter');
  });

  it('reads well at phone width', async () => {
    const ctx = await browser.context({ baseURL: server.url, width: 390, height: 844 });
    const { text, start, end } = await spanOf(await ctx.newPage(), 'croydon-2019-12-18', 'Staff recruitment continues', 'challenge in Croydon');
    const { page, errors } = await openPage(ctx, `/letters/croydon-2019-12-18?start=${start}&end=${end}`);
    expect((await marksText(page)).join('')).toBe(text.slice(start, end));
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-letter-page');
    expect(errors).toEqual([]);
  });
});

/** Nothing from the letter became markup or ran: no injected elements, no global set by its scripts. */
async function expectInert(page: Page, scope: string) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  const injected = await page.locator(`${scope} script, ${scope} img, ${scope} b, ${scope} a[href^="javascript"]`).count();
  expect(injected).toBe(0);
}

// test/fixtures/hostile-corpus holds a letter whose title, headings, paragraphs and list items
// carry <script>, <img onerror>, <b>, javascript: links and entities as plain text.
describe('a letter full of markup', () => {
  const open = async (path: string) => openPage(await browser.context({ baseURL: hostile.url }), path);

  it('renders as text in the viewer and the letters list', async () => {
    const { page, errors } = await open('/letters/riverton-2021-03-04');
    const letter = await page.locator('#letter').textContent();
    expect(letter).toContain(`<script>window.__pwned = 'paragraph'</script>`);
    expect(letter).toContain(`<img src=x onerror="window.__pwned = 'image'">`);
    expect(letter).toContain('<b>bold markup</b>');
    expect(letter).toContain('&lt;escaped entities&gt;');
    // The title comes through the metadata (whitespace and punctuation normalised), still as text.
    expect(await page.locator('h1').textContent()).toMatch(/<script>.*<\/script>/);
    expect(await page.locator('.letter-heading').first().textContent()).toContain(`<script>window.__pwned = 'title'</script>`);
    expect(await page.title()).toContain('<script>');
    await expectInert(page, 'main');
    await screenshot(page, 'hostile-letter');

    await page.goto('/letters');
    await page.waitForSelector('body[data-ready]');
    expect(await page.locator('.letter-card-title').textContent()).toContain('<script>');
    await expectInert(page, 'main');
    expect(errors).toEqual([]);
  });

  it('renders as text in answers, quotes and the quote tooltip', async () => {
    const { page, errors } = await open('/');
    await ask(page, "What did one case note contain where a child's plan should have been?");
    const conversation = (await page.locator('#conversation').textContent()) ?? '';
    expect(conversation).toMatch(/<script>|<img src=x onerror=/);
    const ref = page.locator('a.ref').first();
    if (await ref.count()) {
      await ref.hover();
      await page.locator('#quote-tip').waitFor({ state: 'visible' });
      await expectInert(page, '#quote-tip');
    }
    await expectInert(page, '#conversation');
    await screenshot(page, 'hostile-answer');
    expect(errors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, letterText, parseCitationHref } from './chat-helpers.js';
import { launchBrowser, openPage, SEED_CORPUS, screenshot, startTestServer, type TestBrowser, type TestServer } from './harness.js';

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(SEED_CORPUS), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Discussed in the 2018 letter only. */
const QUESTION = 'How many cases were allocated to a manager with no named social worker?';

describe('compare across visits', () => {
  it('opens each letter’s judgement and passage on the question side by side, linked to the exact spans', async () => {
    const { page, errors } = await openPage(await browser.context({ baseURL: server.url }), '/');
    await ask(page, QUESTION);
    const turn = page.locator('.turn:last-child');
    const toggle = turn.getByRole('button', { name: 'Compare across visits' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    const request = page.waitForRequest((r) => r.url().includes('/api/timeline'));
    await toggle.click();
    const sent = new URL((await request).url());
    expect([sent.searchParams.get('q'), sent.searchParams.get('authority')]).toEqual([QUESTION, 'London Borough of Croydon']);
    const letters = turn.locator('.compare-letter');
    await letters.nth(1).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await letters.evaluateAll((items) => items.map((li) => li.getAttribute('data-letter')))).toEqual(['croydon-2018-08-02', 'croydon-2019-12-18']);
    expect(await turn.locator('.compare-date').allTextContents()).toEqual(['2 August 2018', '18 December 2019']);

    // Every quote shown is the letter's text at the offsets its link asks the viewer to highlight.
    const quotes = turn.locator('.compare-passage');
    expect(await quotes.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const link = parseCitationHref((await quotes.nth(i).locator('a.compare-link').getAttribute('href')) ?? '');
      const text = await letterText(page, link.letterId);
      expect(squash(text.slice(link.start, link.end))).toBe(await quotes.nth(i).locator('.compare-quote').textContent());
    }
    expect(await letters.nth(0).locator('.compare-topic .compare-quote').textContent()).toMatch(/23 cases allocated to a manager/);
    expect(await letters.nth(1).locator('.compare-topic').count()).toBe(0);
    expect(await letters.nth(1).locator('.compare-silent').textContent()).toBe('Says nothing on this.');

    const [a, b] = await letters.evaluateAll((items) => items.map((li) => li.getBoundingClientRect().toJSON() as DOMRect));
    expect(a && b && Math.abs(a.top - b.top) < 1 && b.left > a.right).toBe(true);
    await turn.locator('.compare').scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-across-visits');

    const topic = letters.nth(0).locator('.compare-topic a.compare-link');
    const wanted = parseCitationHref((await topic.getAttribute('href')) ?? '');
    await topic.click();
    await page.locator('#viewer').waitFor({ state: 'visible' });
    const frame = page.frameLocator('#viewer-frame');
    await frame.locator('body[data-ready]').waitFor({ state: 'attached' });
    expect((await frame.locator('mark.cited').allTextContents()).join('')).toBe((await letterText(page, wanted.letterId)).slice(wanted.start, wanted.end));
    await page.keyboard.press('Escape');
    await page.locator('#viewer').waitFor({ state: 'hidden' });

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await turn.locator('.compare').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('stacks the letters on a phone', async () => {
    const { page, errors } = await openPage(await browser.context({ baseURL: server.url, width: 390, height: 844 }), '/');
    await ask(page, 'What is the staff vacancy rate?');
    const turn = page.locator('.turn:last-child');
    await turn.getByRole('button', { name: 'Compare across visits' }).click();
    const letters = turn.locator('.compare-letter');
    await letters.nth(1).waitFor();
    const [a, b] = await letters.evaluateAll((items) => items.map((li) => li.getBoundingClientRect().toJSON() as DOMRect));
    expect(a && b && Math.abs(a.left - b.left) < 1 && b.top >= a.bottom).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await letters.nth(1).scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-across-visits-phone');
    expect(errors).toEqual([]);
  });
});

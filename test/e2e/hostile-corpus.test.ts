import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask } from './chat-helpers.js';
import { HOSTILE_CORPUS, type TestBrowser, type TestServer, launchBrowser, openPage, screenshot, startTestServer } from './harness.js';

// test/fixtures/hostile-corpus holds a letter whose title, headings, paragraphs and list items
// carry <script>, <img onerror>, <b>, javascript: links and entities as plain text.

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(HOSTILE_CORPUS), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const open = async (path: string) => openPage(await browser.context({ baseURL: server.url }), path);

/** Nothing from the letter became markup or ran: no injected elements, no global set by its scripts. */
async function expectInert(page: Page, scope: string) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  const injected = await page.locator(`${scope} script, ${scope} img, ${scope} b, ${scope} a[href^="javascript"]`).count();
  expect(injected).toBe(0);
}

describe('a letter full of markup', () => {
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

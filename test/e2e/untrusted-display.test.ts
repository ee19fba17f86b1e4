import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp } from '../support/web-app.js';
import { ask, letterText } from './chat-helpers.js';
import { launchBrowser, openPage, startTestServer, type TestBrowser, type TestServer } from './harness.js';

/**
 * Issue 17's smaller ones: a letter with a right-to-left override (U+202E) is displayed in
 * logical order with the control shown, in the letter view and in an answer's quotes, the stored
 * text untouched; with API_TOKEN set, /letters/:id does not tell which ids exist.
 */
const RLO = '\u202e';
const PDF = '\u202c';
const PHRASE = `the inspectors judged the service ${RLO}evil${PDF} and wrote so plainly in the letter`;
const LETTER = `4 March 2021\n\nDear Ms Smith\n\n# Monitoring visit to Bidishire children's services\n\nThis letter summarises the monitoring visit to Bidishire. In Bidishire ${PHRASE}. Managers oversaw casework closely.\n\nYours sincerely\n\nAnn Inspector\n`;

let dir: string;
let server: TestServer;
let browser: TestBrowser;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'letters-bidi-'));
  await writeFile(path.join(dir, 'bidishire-2021-03-04.md'), LETTER);
  [server, browser] = await Promise.all([startTestServer(dir), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Whether "evil" inside `selector` is laid out left to right: e, v, i, l at increasing x. */
async function laidOutInOrder(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf('evil') ?? -1;
        if (at < 0) continue;
        const xs = [0, 1, 2, 3].map((i) => {
          const r = document.createRange();
          r.setStart(node, at + i);
          r.setEnd(node, at + i + 1);
          return r.getBoundingClientRect().left;
        });
        return xs.every((x, i) => i === 0 || x > (xs[i - 1] as number));
      }
      throw new Error('no "evil" in the text');
    });
}

describe('untrusted letter text on the page', () => {
  it('shows a right-to-left override instead of obeying it, in the letter view and in quotes; the text keeps it', async () => {
    const { page, errors } = await openPage(await browser.context({ baseURL: server.url }), '/letters/bidishire-2021-03-04');
    expect(await laidOutInOrder(page, '#letter')).toBe(true);
    const marks = page.locator('#letter .bidi-control');
    expect(await marks.count()).toBe(2);
    expect(await marks.first().getAttribute('data-code')).toBe('U+202E');
    expect(await page.locator('#letter').evaluate((e) => e.textContent?.includes(`${'\u202e'}evil`))).toBe(true);
    expect(await letterText(page, 'bidishire-2021-03-04')).toBe(LETTER);

    const chat = await openPage(page.context(), '/');
    await ask(chat.page, 'How did the inspectors judge the service in Bidishire?');
    const quote = chat.page.locator('.source-quote', { hasText: 'evil' });
    expect(await quote.count()).toBeGreaterThan(0);
    expect(await laidOutInOrder(chat.page, '.source-quote:has-text("evil")')).toBe(true);
    expect(await quote.first().locator('.bidi-control').count()).toBe(2);
    expect([...errors, ...chat.errors]).toEqual([]);
  });

  it('with API_TOKEN set, /letters/:id answers the same for a letter that exists and one that does not', async () => {
    const web = await buildWebApp(dir, { apiToken: 'page-token-123' });
    try {
      const known = await web.app.request('/letters/bidishire-2021-03-04');
      const unknown = await web.app.request('/letters/no-such-letter');
      expect([known.status, unknown.status]).toEqual([200, 200]);
      expect(await unknown.text()).toBe(await known.text());
      expect((await web.app.request('/api/letters/no-such-letter')).status).toBe(401);
    } finally {
      await web.cleanup();
    }
    // Without a token the page may say so at once.
    const open = await buildWebApp(dir);
    try {
      expect((await open.app.request('/letters/no-such-letter')).status).toBe(404);
    } finally {
      await open.cleanup();
    }
  });
});

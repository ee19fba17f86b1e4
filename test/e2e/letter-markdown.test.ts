import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterText } from './chat-helpers.js';
import { launchBrowser, openPage, SEED_CORPUS, startTestServer, type TestBrowser, type TestServer } from './harness.js';

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(SEED_CORPUS), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const MD = 'croydon-2019-12-18';

describe('a markdown letter in the letter view', () => {
  it('shows its emphasis as formatting, not as asterisks, while offsets still highlight the exact characters', async () => {
    const context = await browser.context({ baseURL: server.url });
    const probe = await context.newPage();
    const text = await letterText(probe, MD);
    expect(text).toContain('**T** 0300');
    const start = text.indexOf('**T** 0300') + 2;
    const end = text.indexOf('**Textphone**') + 2 + 'Textphone'.length;
    const { page, errors } = await openPage(context, `/letters/${MD}?start=${start}&end=${end}`);

    expect(await page.locator('#letter').evaluate((e) => (e as HTMLElement).innerText)).not.toContain('**');
    expect(await page.locator('#letter strong').first().textContent()).toBe('T');
    expect(await page.locator('#letter strong', { hasText: 'Textphone' }).count()).toBe(1);
    // The highlight covers the cited characters and nothing else (the marks are markup, not shown).
    const marked = (await page.locator('#letter mark.cited').allTextContents()).join('');
    expect(marked).toBe(text.slice(start, end).replace(/\*\*/g, ''));
    expect(errors).toEqual([]);
  });

  it('leaves a plain-text letter as written', async () => {
    const context = await browser.context({ baseURL: server.url });
    const res = await (await context.newPage()).request.get('/api/letters/croydon-2018-08-02');
    expect(((await res.json()) as { format: string }).format).toBe('text');
  });
});

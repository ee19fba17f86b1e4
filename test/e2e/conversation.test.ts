import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, lastTurnRefs } from './chat-helpers.js';
import { contrastProblems } from './contrast.js';
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

const open = async (options: { width?: number; height?: number } = {}) => openPage(await browser.context({ baseURL: server.url, ...options }), '/');
const squash = (s: string | null) =>
  (s ?? '')
    .replace(/\[\d+\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('a conversation on the chat page', () => {
  it('answers a short complete question after another on its own', async () => {
    const { page, errors } = await open();
    // An answered first question (the letters give no count of child protection plans: that one is refused now).
    await ask(page, 'What is the average caseload in the social work with families service?');
    const first = squash(await page.locator('.turn:last-child .answer-text').textContent());
    await ask(page, 'Who are the inspectors?');
    const turn = page.locator('.turn:last-child');
    expect(await turn.locator('.answered-as').count()).toBe(0);
    const second = squash(await turn.locator('.answer-text').textContent());
    expect(second).not.toBe(first);
    const alone = (await (await page.request.post('/api/answer', { data: { question: 'Who are the inspectors?' } })).json()) as { answer: string };
    expect(second).toBe(squash(alone.answer));
    expect(errors).toEqual([]);
  });

  it('answers a follow-up as rewritten, shows the question it answered, and asks it as written on one click', async () => {
    const { page, errors } = await open();
    await ask(page, 'What did inspectors say about supervision in 2019?');
    await ask(page, 'And in 2018?');
    const turn = page.locator('.turn:last-child');
    expect(await turn.locator('.answered-as-question').textContent()).toBe('What did inspectors say about supervision in 2018?');
    const refs = await lastTurnRefs(page);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((r) => r.letterId === 'croydon-2018-08-02')).toBe(true);
    await screenshot(page, 'answered-as');

    const request = page.waitForRequest((r) => r.url().endsWith('/api/answer'));
    await turn.getByRole('button', { name: 'Ask as written instead' }).click();
    expect((await request).postDataJSON().history).toEqual([]);
    await page.waitForFunction(() => document.querySelectorAll('.turn').length === 3);
    await page.waitForSelector('.turn:last-child .answer:not([data-status="streaming"])');
    expect(await page.locator('.turn:last-child .question-text').textContent()).toBe('And in 2018?');
    expect(await page.locator('.turn:last-child .answered-as').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows a refusal with no claim warning and no compare button', async () => {
    const { page, errors } = await open();
    await ask(page, 'What is the recipe for a Victoria sponge cake?');
    const turn = page.locator('.turn:last-child');
    await turn.locator('.answer-notfound').waitFor();
    expect(await turn.locator('.claims-notice').count()).toBe(0);
    expect(await turn.locator('.claim').count()).toBe(0);
    expect(await turn.getByRole('button', { name: 'Compare across visits' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('says when the filters match no letter', async () => {
    const { page } = await open();
    await page.click('#filter-toggle');
    await page.fill('#filter-from', '2025-01-01');
    await page.dispatchEvent('#filter-from', 'change');
    await page.click('#filter-done');
    await ask(page, 'What is the staff vacancy rate?');
    const turn = page.locator('.turn:last-child');
    expect(await turn.locator('.answer-notfound .notice-title').textContent()).toBe('No letter matches these filters');
    expect(await turn.locator('.answer-notfound').textContent()).toContain('from 1 January 2025');
  });

  it('keeps the newest answer in view when it finishes, with smooth scrolling on', async () => {
    const context = await browser.browser.newContext({ baseURL: server.url, viewport: { width: 900, height: 620 }, reducedMotion: 'no-preference' });
    const { page } = await openPage(context, '/');
    for (const q of ['What is the staff vacancy rate?', 'What did inspectors say about management oversight?', 'How are children on child protection plans being visited?']) {
      await ask(page, q);
      const [answerBottom, composerTop] = await page.evaluate(() => [
        (document.querySelector('.turn:last-child .answer') as HTMLElement).getBoundingClientRect().bottom,
        (document.getElementById('composer') as HTMLElement).getBoundingClientRect().top,
      ]);
      expect(answerBottom).toBeLessThanOrEqual(composerTop + 1);
    }
  });

  it('leaves the reader where they are when they scrolled up while an answer streams', async () => {
    const { page } = await open({ width: 900, height: 620 });
    for (const q of ['What is the staff vacancy rate?', 'What did inspectors say about management oversight?']) await ask(page, q);
    // Slow the stream down so there is time to scroll up while it arrives.
    await page.route('**/api/answer', async (route) => {
      const response = await route.fetch();
      await new Promise((r) => setTimeout(r, 600));
      await route.fulfill({ response });
    });
    await page.fill('#question', 'How are children on child protection plans being visited?');
    await page.press('#question', 'Enter');
    await page.waitForSelector('.turn:nth-child(3) .answer[data-status="streaming"]');
    await page.evaluate(() => document.getElementById('main')?.scrollTo({ top: 0, behavior: 'instant' }));
    await page.waitForSelector('.turn:last-child .answer:not([data-status="streaming"])');
    expect(await page.evaluate(() => document.getElementById('main')?.scrollTop)).toBeLessThan(50);
  });

  it('has every text at 4.5:1 contrast or more (3:1 when large) on the chat, letters and letter pages', async () => {
    const { page } = await open();
    expect(await contrastProblems(page)).toEqual([]);
    await ask(page, 'What is the staff vacancy rate?');
    await ask(page, 'What is the recipe for a Victoria sponge cake?');
    await page.click('#filter-toggle');
    expect(await contrastProblems(page)).toEqual([]);
    for (const path of ['/letters', '/letters/croydon-2019-12-18#p3']) {
      const other = await openPage(page.context(), path);
      expect(await contrastProblems(other.page)).toEqual([]);
    }
  });
});

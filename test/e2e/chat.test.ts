import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, lastTurnRefs, letterText } from './chat-helpers.js';
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
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

type Trace = [string | undefined, number][];

describe('the chat page', () => {
  it('streams a cited answer whose sources quote the letters exactly, and copies it as plain text', async () => {
    const { page, errors } = await open();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    // Record every state the answer passes through, to see it arrive in pieces.
    await page.evaluate(() => {
      const trace: [string | undefined, number][] = [];
      Object.assign(window, { answerTrace: trace });
      new MutationObserver(() => {
        const answer = document.querySelector<HTMLElement>('.turn:last-child .answer');
        if (answer) trace.push([answer.dataset.status, answer.querySelector('.answer-text')?.textContent?.length ?? 0]);
      }).observe(document.getElementById('conversation') as HTMLElement, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const response = page.waitForResponse((r) => r.url().endsWith('/api/answer'));
    const question = 'How many cases were allocated to a manager with no named social worker?';
    await ask(page, question);

    expect((await response).headers()['content-type']).toContain('text/event-stream');
    const trace = (await page.evaluate(() => (window as unknown as { answerTrace: Trace }).answerTrace)) as Trace;
    const finalLength = trace.at(-1)?.[1] ?? 0;
    expect(trace.at(-1)?.[0]).toBe('done');
    expect(trace.some(([status, length]) => status === 'streaming' && length > 0 && length < finalLength)).toBe(true);

    const turn = page.locator('.turn:last-child');
    expect(await turn.locator('.question-text').textContent()).toBe(question);
    expect(await turn.locator('.answer-text').textContent()).toContain('23 cases');
    expect(await turn.locator('.answer-mode').textContent()).toMatch(/^Offline · extractive/);

    const refs = await lastTurnRefs(page);
    expect(refs.length).toBeGreaterThan(0);
    const quotes = await turn.locator('.source-quote').allTextContents();
    expect(quotes).toHaveLength(new Set(await turn.locator('a.ref').allTextContents()).size);
    for (const [i, ref] of refs.entries()) {
      const text = await letterText(page, ref.letterId);
      const n = Number((await turn.locator('a.ref').nth(i).textContent())?.replace(/\D/g, ''));
      expect(await page.locator(`#quote-${await turn.getAttribute('data-turn')}-${n}`).textContent()).toBe(text.slice(ref.start, ref.end));
    }
    await screenshot(page, 'answer-with-sources');

    await turn.getByRole('button', { name: 'Copy answer' }).click();
    await page.waitForSelector('.turn:last-child .copy-answer:text("Copied")');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`Question: ${question}`);
    expect(copied).toContain('Sources:');
    expect(copied).toMatch(/\[1\] London Borough of Croydon, 2 August 2018 \(visit 3\), paragraph \d+/);
    expect(copied).toContain(`“${squash(quotes[0] ?? '')}”`);
    expect(copied).toContain(`${server.url}/letters/croydon-2018-08-02?start=${refs[0]?.start}&end=${refs[0]?.end}`);
    expect(errors).toEqual([]);
  });

  it('shows the quote on hover and keyboard focus, and opens the letter with exactly that span highlighted', async () => {
    const { page, errors } = await open();
    await ask(page, 'What did inspectors say about management oversight?');
    const ref = page.locator('.turn:last-child a.ref').first();
    const [cited] = await lastTurnRefs(page);
    if (!cited) throw new Error('no citation to check');
    const quote = (await letterText(page, cited.letterId)).slice(cited.start, cited.end);

    const tip = page.locator('#quote-tip');
    await ref.hover();
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toContain(squash(quote));
    await page.mouse.move(1, 1);
    await tip.waitFor({ state: 'hidden' });
    await ref.focus();
    await tip.waitFor({ state: 'visible' });
    await screenshot(page, 'answer-quote-on-focus');

    await ref.click();
    await page.locator('#viewer').waitFor({ state: 'visible' });
    const frame = page.frameLocator('#viewer-frame');
    await frame.locator('body[data-ready]').waitFor({ state: 'attached' });
    const marks = await frame.locator('mark.cited').allTextContents();
    expect(marks.join('')).toBe(quote);
    const inView = await frame
      .locator('mark.cited')
      .first()
      .evaluate((m) => {
        const r = m.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
    expect(inView).toBe(true);
    expect(await page.locator('#viewer-open').getAttribute('href')).toBe(await ref.getAttribute('href'));
    expect(await page.locator('#viewer-title').textContent()).toMatch(new RegExp(`^London Borough of Croydon, .+, paragraph ${cited.paragraph}\\b`));
    await screenshot(page, 'letter-in-side-panel');

    await page.keyboard.press('Escape');
    await page.locator('#viewer').waitFor({ state: 'hidden' });
    expect(await ref.evaluate((a) => a === document.activeElement)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('keeps the conversation across a reload, sends history with a follow-up, and "New chat" clears it', async () => {
    const { page, errors } = await open();
    const first = 'How many cases were allocated to a manager with no named social worker?';
    await ask(page, first);
    const answerBefore = await page.locator('.turn .answer-text').textContent();
    const sourcesBefore = await page.locator('.turn .source').count();

    await page.reload();
    await page.waitForSelector('body[data-ready]');
    expect(await page.locator('.turn').count()).toBe(1);
    expect(await page.locator('.turn .question-text').textContent()).toBe(first);
    expect(await page.locator('.turn .answer-text').textContent()).toBe(answerBefore);
    expect(await page.locator('.turn .source').count()).toBe(sourcesBefore);
    expect(await page.locator('#welcome').isVisible()).toBe(false);

    const request = page.waitForRequest((r) => r.url().endsWith('/api/answer'));
    await ask(page, 'What did the later letter say about supervision?');
    const body = (await request).postDataJSON() as { question: string; history: { role: string; content: string }[] };
    expect(body.history).toHaveLength(2);
    expect(body.history[0]).toEqual({ role: 'user', content: first });
    expect(body.history[1]?.role).toBe('assistant');
    expect(body.history[1]?.content).toContain('23 cases');

    await page.getByRole('button', { name: 'New chat' }).click();
    expect(await page.locator('.turn').count()).toBe(0);
    expect(await page.locator('#welcome').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    expect(await page.locator('.turn').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('says plainly when the letters do not cover a question, with no citations', async () => {
    const { page, errors } = await open();
    const response = page.waitForResponse((r) => r.url().endsWith('/api/answer'));
    await ask(page, 'Which council runs children services in Manchester?');
    const done = JSON.parse(/event: done\ndata: (.*)\n/.exec(await (await response).text())?.[1] ?? 'null') as { found: boolean; related?: unknown[] };
    expect(done.found).toBe(false);
    const turn = page.locator('.turn:last-child');
    expect(await turn.locator('.answer').getAttribute('data-status')).toBe('done');
    expect(await turn.locator('.answer-notfound .notice-title').textContent()).toBe('Not covered by the letters');
    expect(await turn.locator('a.ref').count()).toBe(0);
    expect(await turn.locator('.sources').count()).toBe(0);
    expect(await turn.locator('.related-item').count()).toBe(done.related?.length ?? 0);
    for (const href of await turn.locator('.related a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) expect(href).toMatch(/^\/letters\//);
    await turn.evaluate((e) => e.scrollIntoView());
    await screenshot(page, 'not-found');
    expect(errors).toEqual([]);
  });

  it('restricts citations to the letters chosen in the filters, shown as chips', async () => {
    const { page, errors } = await open();
    await page.getByRole('button', { name: 'Filter letters' }).click();
    await page.getByRole('checkbox', { name: /18 December 2019/ }).check();
    const chip = page.locator('#chips .chip');
    expect(await chip.allTextContents()).toEqual(['18 Dec 2019 · visit 7×']);
    await screenshot(page, 'filters');
    await page.getByRole('button', { name: 'Done' }).click();

    const request = page.waitForRequest((r) => r.url().endsWith('/api/answer'));
    await ask(page, 'What did inspectors say about management oversight?');
    expect(((await request).postDataJSON() as { letterIds: string[] }).letterIds).toEqual(['croydon-2019-12-18']);
    const refs = await lastTurnRefs(page);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref.letterId).toBe('croydon-2019-12-18');
    expect(await page.locator('.turn:last-child .question .chip').allTextContents()).toEqual(['18 Dec 2019 · visit 7']);

    // The filter stays for the next question until removed.
    await page.getByRole('button', { name: 'Remove filter 18 Dec 2019 · visit 7' }).click();
    expect(await chip.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('is usable from the keyboard: Enter asks, Shift+Enter adds a line, every control is labelled', async () => {
    const { page, errors } = await open();
    await page.focus('#question');
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    expect(await page.inputValue('#question')).toBe('first line\nsecond line');
    expect(await page.locator('.turn').count()).toBe(0);

    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('button, textarea, input, a[href]'))
        .filter((e) => e.offsetParent !== null)
        .filter((e) => !(e.getAttribute('aria-label') || e.textContent?.trim() || (e.id && document.querySelector(`label[for="${e.id}"]`)) || e.closest('label')))
        .map((e) => e.outerHTML),
    );
    expect(unlabelled).toEqual([]);

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-toggle');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe('solid');
    await page.focus('#question');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.turn:last-child .answer:not([data-status="streaming"])');
    expect(await page.locator('.turn .question-text').textContent()).toBe('first line\nsecond line');
    expect(await page.locator('.turn .answer').getAttribute('aria-live')).toBe('polite');
    expect(errors).toEqual([]);
  });

  it('fits a phone-width screen without sideways scrolling', async () => {
    const { page, errors } = await open({ width: 390, height: 844 });
    await ask(page, 'What did inspectors say about management oversight?');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator('#question').isVisible()).toBe(true);
    await page.locator('.turn:last-child .answer-text').scrollIntoViewIfNeeded();
    await screenshot(page, 'phone-answer');

    const [cited] = await lastTurnRefs(page);
    if (!cited) throw new Error('no citation to open');
    await page.locator('.turn:last-child a.ref').first().click();
    const frame = page.frameLocator('#viewer-frame');
    await frame.locator('mark.cited').first().waitFor();
    await screenshot(page, 'phone-letter');
    expect(errors).toEqual([]);
  });
});

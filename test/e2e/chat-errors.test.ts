import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, firstSentence, passagesIn, startFakeOpenAI } from '../fakes/fake-openai-server.js';
import { ask, lastTurnRefs, waitForSettled } from './chat-helpers.js';
import { launchBrowser, openPage, SEED_CORPUS, screenshot, startTestServer, type TestBrowser, type TestServer } from './harness.js';

let server: TestServer;
let fakeOpenAI: FakeOpenAI;
let modelServer: TestServer;
let tokenServer: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  fakeOpenAI = await startFakeOpenAI();
  [server, modelServer, tokenServer, browser] = await Promise.all([
    startTestServer(SEED_CORPUS),
    // The real model path (openai client, LlmAnswerer) against the project's fake OpenAI server.
    startTestServer(SEED_CORPUS, { model: { baseURL: fakeOpenAI.baseURL, name: 'fake-model', timeoutMs: 3000 } }),
    startTestServer(SEED_CORPUS, { apiToken: 'letters-secret' }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await modelServer?.close();
  await tokenServer?.close();
  await fakeOpenAI?.close();
});

const open = async () => (await openPage(await browser.context({ baseURL: server.url }), '/')).page;
const QUESTION = 'How many cases were allocated to a manager with no named social worker?';

/** After an error the page is never stuck: Ask is back, Stop is gone, and Retry is offered. */
async function expectRecoverable(page: Page) {
  const turn = page.locator('.turn:last-child');
  expect(await turn.locator('.answer').getAttribute('data-status')).toBe('error');
  expect(await turn.locator('.answer-pending').count()).toBe(0);
  expect(await page.locator('#send').isVisible()).toBe(true);
  expect(await page.locator('#stop').isVisible()).toBe(false);
  expect(await turn.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
}

async function retryAndExpectAnswer(page: Page) {
  await page.locator('.turn:last-child').getByRole('button', { name: 'Retry' }).click();
  await page.waitForSelector('.turn:last-child .answer[data-status="done"]');
  expect((await lastTurnRefs(page)).length).toBeGreaterThan(0);
  expect(await page.locator('.turn').count()).toBe(1);
}

describe('errors in the conversation', () => {
  it('server down: says so with a retry that works once the server is back', async () => {
    const page = await open();
    await server.stop();
    try {
      await ask(page, QUESTION);
      expect(await page.locator('.turn:last-child .notice.is-error').innerText()).toMatch(/Could not reach the server/);
      await expectRecoverable(page);
      await screenshot(page, 'error-server-down');
    } finally {
      await server.start();
    }
    await retryAndExpectAnswer(page);
  });

  it('a 4xx from the server shows its message', async () => {
    const page = await open();
    // The real server judges the request: only the filter is swapped for a letter it does not have.
    await page.route('**/api/answer', (route) => route.continue({ postData: JSON.stringify({ ...route.request().postDataJSON(), letterIds: ['no-such-letter'] }) }));
    await ask(page, QUESTION);
    const notice = await page.locator('.turn:last-child .notice.is-error').innerText();
    expect(notice).toMatch(/The question was not accepted/);
    expect(notice).toMatch(/no-such-letter/);
    expect(notice).toMatch(/HTTP 400/);
    await expectRecoverable(page);
    await page.unroute('**/api/answer');
    await retryAndExpectAnswer(page);
  });

  it('a 5xx shows as a server problem with a retry', async () => {
    const page = await open();
    await page.route('**/api/answer', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'internal error' } }) }),
    );
    await ask(page, QUESTION);
    expect(await page.locator('.turn:last-child .notice.is-error').innerText()).toMatch(/The server hit a problem[\s\S]*internal error \(HTTP 500\)/);
    await expectRecoverable(page);
    await page.unroute('**/api/answer');
    await retryAndExpectAnswer(page);
  });

  it('a stream that breaks before "done", or ends in an error event, keeps the partial text and offers a retry', async () => {
    const page = await open();
    const sse = (events: string) => (route: import('playwright-core').Route) => route.fulfill({ status: 200, contentType: 'text/event-stream', body: events });
    await page.route('**/api/answer', sse('event: citations\ndata: []\n\nevent: delta\ndata: {"text":"Partial words "}\n\n'));
    await ask(page, QUESTION);
    expect(await page.locator('.turn:last-child .notice.is-error').innerText()).toMatch(/The answer was cut off/);
    expect(await page.locator('.turn:last-child .answer-text').textContent()).toBe('Partial words ');
    await expectRecoverable(page);
    await screenshot(page, 'error-stream-broken');

    await page.unroute('**/api/answer');
    await page.route('**/api/answer', sse('event: error\ndata: {"code":"internal","message":"the answer could not be completed"}\n\n'));
    await page.locator('.turn:last-child').getByRole('button', { name: 'Retry' }).click();
    await page.waitForSelector('.turn:last-child .answer[data-status="error"]');
    expect(await page.locator('.turn:last-child .notice.is-error').innerText()).toMatch(/could not finish this answer[\s\S]*the answer could not be completed/);
    await expectRecoverable(page);
    await page.unroute('**/api/answer');
    await retryAndExpectAnswer(page);
  });

  it('Stop ends a slow answer at once; Retry asks again', async () => {
    const page = await open();
    // A slow network, not a fake answer: the real server still answers, just late.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 4000, downloadThroughput: -1, uploadThroughput: -1 });
    await page.fill('#question', QUESTION);
    await page.press('#question', 'Enter');
    await page.locator('#stop').waitFor({ state: 'visible' });
    expect(await page.locator('.turn:last-child .answer-pending').innerText()).toMatch(/Searching the letters/);
    await screenshot(page, 'streaming-searching');
    await page.locator('#stop').click();
    await page.waitForSelector('.turn:last-child .answer[data-status="stopped"]');
    expect(await page.locator('.turn:last-child .notice').innerText()).toMatch(/Stopped/);
    expect(await page.locator('#send').isVisible()).toBe(true);

    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await retryAndExpectAnswer(page);
  });
});

describe('a server started with API_TOKEN', () => {
  it('asks for the token in the conversation, then answers; the letter viewer uses the same token', async () => {
    const { page } = await openPage(await browser.context({ baseURL: tokenServer.url }), '/');
    expect(await page.locator('#corpus-summary').textContent()).toMatch(/needs an access token/);
    await ask(page, QUESTION);
    const notice = page.locator('.turn:last-child .notice.is-error');
    expect(await notice.locator('.notice-title').textContent()).toBe('This server needs an access token');
    await notice.getByLabel('Access token').fill('wrong-token');
    await notice.getByRole('button', { name: 'Save and retry' }).click();
    await page.waitForSelector('.turn:last-child .answer[data-status="error"] .token-form label:text("was refused")');
    await screenshot(page, 'access-token');

    await page
      .locator('.turn:last-child')
      .getByLabel(/Access token/)
      .fill('letters-secret');
    await page.locator('.turn:last-child').getByRole('button', { name: 'Save and retry' }).click();
    await page.waitForSelector('.turn:last-child .answer[data-status="done"]');
    const [cited] = await lastTurnRefs(page);
    if (!cited) throw new Error('no citation');
    await page.waitForFunction(() => !(document.getElementById('filter-toggle') as HTMLButtonElement).disabled);

    await page.locator('.turn:last-child a.ref').first().click();
    await page.frameLocator('#viewer-frame').locator('mark.cited').first().waitFor();
  });
});

describe('model answers and their fallback', () => {
  const openModel = async () => (await openPage(await browser.context({ baseURL: modelServer.url }), '/')).page;

  it('names the model, and underlines a claim its quote does not back, with the reason', async () => {
    fakeOpenAI.behave((body) => ({
      kind: 'reply',
      text: `The letter says: ${firstSentence(passagesIn(body).get(1) ?? '')} [1] The letters also say that 97 cases were closed in a single week. [1] Croydon is now a national leader.`,
    }));
    const page = await openModel();
    await ask(page, 'How many cases were allocated to a manager with no named social worker?');
    const turn = page.locator('.turn:last-child');
    expect(await turn.locator('.answer-mode').textContent()).toMatch(/^Model · fake-model/);
    const weak = turn.locator('.answer-text .claim');
    expect(await weak.count()).toBe(2);
    expect(await weak.nth(0).textContent()).toContain('97 cases were closed in a single week');
    expect(await weak.nth(0).getAttribute('title')).toMatch(/Not backed by the quotes it cites.*97/);
    expect(await weak.nth(1).textContent()).toContain('Croydon is now a national leader');
    expect(await weak.nth(1).getAttribute('title')).toMatch(/^Cites no passage of the letters/);
    expect(await turn.locator('.claims-notice').textContent()).toMatch(/2 sentences are not fully backed by a quote it cites/);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: modelServer.url });
    await turn.getByRole('button', { name: 'Copy answer' }).click();
    await page.waitForSelector('.turn:last-child .copy-answer:text("Copied")');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(
      /Check these sentences:\n- “The letters also say that 97 cases were closed in a single week\.”: Not backed/,
    );
    // Only the made-up and the uncited claims are flagged; both [1] markers still link to the passage.
    expect(await turn.locator('.answer-text > a.ref').count()).toBe(2);
    expect(await turn.locator('.answer-text').textContent()).toMatch(/^The letter says: At the time of the monitoring visit, there were 23 cases/);
    await screenshot(page, 'model-answer-weak-claim');
  });

  it('says the answer is being written once the passages are found, then shows the model’s words', async () => {
    // The model takes its time over the first words: the citations have arrived by then.
    fakeOpenAI.behave((body) => ({ kind: 'reply', text: `The letter says: ${firstSentence(passagesIn(body).get(1) ?? '')} [1]`, chunkSize: 40, chunkDelayMs: 700 }));
    const page = await openModel();
    await page.fill('#question', 'How many cases were allocated to a manager with no named social worker?');
    await page.press('#question', 'Enter');
    const pending = page.locator('.turn:last-child .answer-pending');
    await pending.filter({ hasText: 'Writing the answer…' }).waitFor();
    expect(await page.locator('.turn:last-child .answer').getAttribute('data-status')).toBe('streaming');
    await waitForSettled(page);
    expect(await pending.count()).toBe(0);
    const turn = page.locator('.turn:last-child');
    expect(await turn.locator('.answer-mode').textContent()).toMatch(/^Model · fake-model/);
    expect(await turn.locator('.answer-text').textContent()).toMatch(/^The letter says: /);
    expect((await lastTurnRefs(page)).length).toBeGreaterThan(0);
  });

  it('shows a degraded answer as the offline fallback, with the reason', async () => {
    fakeOpenAI.behave(() => ({ kind: 'status', status: 500 }));
    const page = await openModel();
    await ask(page, 'How many cases were allocated to a manager with no named social worker?');
    const turn = page.locator('.turn:last-child');
    expect(await turn.locator('.answer-mode').textContent()).toMatch(/^Offline · extractive/);
    expect(await turn.locator('.notice.is-warning').first().textContent()).toMatch(/Fallback answer\..*could not answer \(.*HTTP 500\)/);
    expect((await lastTurnRefs(page)).length).toBeGreaterThan(0);
    await screenshot(page, 'degraded-answer');
  });
});

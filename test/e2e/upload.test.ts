import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlPageNamedPdf } from '../support/bad-pdfs.js';
import { makeLetterPdf } from '../support/make-pdf.js';
import { testLetter } from '../support/pdf-letters.js';
import { tempDir } from '../support/run-cli.js';
import { copySeeds } from '../support/temp-corpus.js';
import { ask, lastTurnRefs } from './chat-helpers.js';
import { contrastProblems } from './contrast.js';
import { launchBrowser, openPage, screenshot, startTestServer, type TestBrowser, type TestServer } from './harness.js';

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  const corpus = await tempDir('upload-corpus');
  await copySeeds(corpus);
  [server, browser] = await Promise.all([startTestServer(corpus, { writable: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const pdf = async (place: string, phrase: string) => Buffer.from((await makeLetterPdf(testLetter(place, phrase).blocks)).bytes);

describe('adding letters from the letters page', () => {
  it('uploads two PDFs and a bad file with a line per file, then answers from a new letter at once', async () => {
    const context = await browser.context({ baseURL: server.url });
    const { page, errors } = await openPage(context, '/letters');
    await page.locator('#upload').waitFor();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await page.setInputFiles('#upload-input', [
      { name: 'northshire.pdf', mimeType: 'application/pdf', buffer: await pdf('Northshire', 'Northshire has opened a new fostering hub in Lowtown.') },
      { name: 'southshire.pdf', mimeType: 'application/pdf', buffer: await pdf('Southshire', 'Southshire has appointed a virtual school head for care leavers.') },
      { name: 'missing-report.pdf', mimeType: 'application/pdf', buffer: Buffer.from(htmlPageNamedPdf()) },
    ]);
    const rows = page.locator('#upload-list .upload-row');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#upload-list .upload-row')).every((r) => (r as HTMLElement).dataset.status !== 'uploading'));
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).getAttribute('data-status')).toBe('added');
    expect(await rows.nth(1).getAttribute('data-status')).toBe('added');
    expect(await rows.nth(0).textContent()).toMatch(/^northshire\.pdfAdded as /);
    expect(await rows.nth(2).getAttribute('data-status')).toBe('failed');
    expect(await rows.nth(2).textContent()).toMatch(/^missing-report\.pdfRefused: .*HTML/i);
    expect(posts).toHaveLength(1);
    // The list shows the new letters without a reload.
    await page.waitForSelector('.authority-group[data-authority="Northshire"] .letter-card');
    expect(await contrastProblems(page)).toEqual([]);
    await screenshot(page, 'upload-outcomes');

    const chat = await openPage(context, '/');
    await ask(chat.page, 'Where has the new fostering hub opened?');
    expect(await chat.page.locator('.turn:last-child .answer-text').textContent()).toContain('Lowtown');
    const refs = await lastTurnRefs(chat.page);
    expect(refs.some((r) => /northshire/.test(r.letterId))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('takes files dropped on the drop zone, and says when a file is already there', async () => {
    const { page } = await openPage(await browser.context({ baseURL: server.url }), '/letters');
    await page.locator('#upload').waitFor();
    const text = 'Monitoring visit to Westshire children’s services\n\nInspectors found that the edge-of-care team now works at weekends.\n';
    const drop = async (files: { name: string; text: string }[]) => {
      const transfer = await page.evaluateHandle((list) => {
        const dt = new DataTransfer();
        for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
        return dt;
      }, files);
      await page.dispatchEvent('#drop-zone', 'dragover', { dataTransfer: transfer });
      await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: transfer });
      await page.waitForFunction(() => Array.from(document.querySelectorAll('#upload-list .upload-row')).every((r) => (r as HTMLElement).dataset.status !== 'uploading'));
      return page.locator('#upload-list .upload-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.status));
    };
    expect(await drop([{ name: 'westshire.txt', text }])).toEqual(['added']);
    expect(await drop([{ name: 'westshire.txt', text }])).toEqual(['unchanged']);
  });
});

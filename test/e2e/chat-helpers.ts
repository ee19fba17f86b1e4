import type { Page } from 'playwright-core';

export interface CitationLink {
  letterId: string;
  start: number;
  end: number;
  paragraph: number | null;
}

/** Types a question, presses Enter and waits until the answer settles (done, error or stopped). */
export async function ask(page: Page, question: string): Promise<void> {
  const before = await page.locator('.turn').count();
  await page.fill('#question', question);
  await page.press('#question', 'Enter');
  await page.waitForFunction((n) => document.querySelectorAll('.turn').length === n + 1, before);
  await waitForSettled(page);
}

export async function waitForSettled(page: Page): Promise<void> {
  await page.waitForSelector('.turn:last-child .answer:not([data-status="streaming"])');
}

/** Reads the letter, offsets and paragraph back out of a citation link's href. */
export function parseCitationHref(href: string): CitationLink {
  const url = new URL(href, 'http://x');
  const id = /^\/letters\/([^/]+)$/.exec(url.pathname)?.[1];
  if (!id) throw new Error(`not a letter link: ${href}`);
  const p = /^#p(\d+)$/.exec(url.hash)?.[1];
  return { letterId: decodeURIComponent(id), start: Number(url.searchParams.get('start')), end: Number(url.searchParams.get('end')), paragraph: p ? Number(p) : null };
}

export async function lastTurnRefs(page: Page): Promise<CitationLink[]> {
  const hrefs = await page.locator('.turn:last-child a.ref').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map(parseCitationHref);
}

/** Fetches a letter's raw text through the API, the way any client would. */
export async function letterText(page: Page, id: string): Promise<string> {
  const res = await page.request.get(`/api/letters/${encodeURIComponent(id)}`);
  return (await res.json()).text as string;
}

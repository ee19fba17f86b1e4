import { mkdir } from 'node:fs/promises';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { buildWebApp, type WebApp } from '../support/web-app.js';

export { HOSTILE_CORPUS, SEED_CORPUS } from '../support/web-app.js';

export const CHROMIUM = '/usr/bin/chromium';

export interface TestServer extends WebApp {
  url: string;
  port: number;
  running: RunningServer;
  /** Stops the HTTP server only (the "server down" state); `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The real app over a corpus on 127.0.0.1, on a free port. */
export async function startTestServer(corpusDir: string, options: Parameters<typeof buildWebApp>[1] = {}): Promise<TestServer> {
  const web = await buildWebApp(corpusDir, options);
  let running = await startServer(web.app, 0, '127.0.0.1');
  const server: TestServer = {
    ...web,
    url: running.url,
    port: running.port,
    running,
    stop: () => running.close(0),
    start: async () => {
      running = await startServer(web.app, server.port, '127.0.0.1');
      server.running = running;
    },
    close: async () => {
      await running.close(0);
      await web.cleanup();
    },
  };
  return server;
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (own localStorage, cookies) per call; all close with the browser. */
  context(options: { baseURL: string; width?: number; height?: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Debian's chromium through playwright-core: nothing downloaded, nothing leaves the machine.
 * launch() gives the browser a fresh temporary user-data-dir of its own.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    context: ({ baseURL, width = 1280, height = 860 }) => browser.newContext({ baseURL, viewport: { width, height }, reducedMotion: 'reduce' }),
    close: () => browser.close(),
  };
}

export interface OpenedPage {
  page: Page;
  /** Page errors and console errors (CSP violations land there), to assert there were none. */
  errors: string[];
}

/** Opens a path in a new tab and waits for the page script to finish its first render. */
export async function openPage(context: BrowserContext, path: string): Promise<OpenedPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  await page.goto(path);
  await page.waitForSelector('body[data-ready]');
  return { page, errors };
}

/** With SCREENSHOTS=1, saves the viewport to test/screenshots/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  await mkdir('test/screenshots', { recursive: true });
  await page.screenshot({ path: `test/screenshots/${name}.png` });
}

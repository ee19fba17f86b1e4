import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/embed/create-embedder.js';
import { openLibrary } from '../../src/open-library.js';
import { createApp } from '../../src/server/app.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const WEB_DIR = resolve('web');
export const SEED_CORPUS = resolve('corpus');

export interface TestServer {
  url: string;
  running: RunningServer;
  close(): Promise<void>;
}

/** The real app on 127.0.0.1:0 over a corpus, with its index built in a temp dir (never in index/). */
export async function startTestServer(corpusDir: string): Promise<TestServer> {
  const tmp = await mkdtemp(join(tmpdir(), 'letters-e2e-'));
  const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: join(tmp, 'index'), WEB_DIR, PORT: '0' });
  const embedder = createEmbedder({ embeddingModel: undefined, openaiApiKey: undefined, builtinDimensions: config.EMBEDDING_DIMENSIONS });
  const { library } = await openLibrary(config, embedder, { log: () => {} });
  const app = createApp({ library: () => library, embedder, webDir: WEB_DIR });
  const running = await startServer(app, 0, '127.0.0.1');
  return {
    url: running.url,
    running,
    close: async () => {
      await running.close(500);
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (own localStorage) per call; closed with the browser. */
  context(options?: { width?: number; height?: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Debian's chromium through playwright-core: nothing is downloaded, nothing leaves the machine. */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    context: async ({ width = 1280, height = 860 } = {}) => {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
      return context;
    },
    close: () => browser.close(),
  };
}

/** Fails the test on any page error or CSP violation instead of letting it pass silently. */
export function watchForPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

const SHOTS = process.env.SCREENSHOTS === '1';

export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await mkdir('test/screenshots', { recursive: true });
  await page.screenshot({ path: `test/screenshots/${name}.png`, fullPage: false });
}

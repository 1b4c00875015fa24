import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

// Debian's Chromium driven by playwright-core: no browser download, a fresh profile per
// session, and every console error, page error and failed request of a page collected so a
// test can assert there were none.
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const ARTIFACTS_DIR = resolve(__dirname, '..', 'artifacts', 'dashboard');

export interface Viewport {
  width: number;
  height: number;
}

export interface WatchedPage {
  page: Page;
  problems: string[]; // "console: …", "pageerror: …", "request: …", "response: …"
}

export interface BrowserSession {
  open(viewport: Viewport): Promise<WatchedPage>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'vmcs12-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      viewport: { width: 1280, height: 800 },
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    async open(viewport) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      return { page, problems: watch(page) };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A link with `download` hands its response to the download manager: the page's own
    // request then reports ERR_ABORTED, which is not a failure.
    const failure = request.failure()?.errorText ?? '';
    if (!(failure.includes('ERR_ABORTED') && request.isNavigationRequest())) {
      problems.push(`request: ${request.method()} ${request.url()} ${failure}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`response: ${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  return problems;
}

export async function saveScreenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

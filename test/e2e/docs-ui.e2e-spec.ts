import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { openBrowser, saveScreenshot } from '../support/browser';
import { pollUntil } from '../support/poll-until';
import type { BrowserSession } from '../support/browser';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// Swagger UI at /docs, in Debian's Chromium against the whole app: it renders every operation
// of the document under the page's Content-Security-Policy (no inline script or style, no
// eval), with no CSP violation, console error or failed request.

jest.setTimeout(120_000);

const DOCUMENT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const OPERATIONS = Object.values(DOCUMENT.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);

// Runs before the page's own scripts (over CDP, which the page's CSP does not govern): every
// violation the browser reports becomes a console error, which the session records.
const REPORT_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`;

describe('GET /docs', () => {
  let t: TestApp;
  let browser: BrowserSession;
  beforeAll(async () => {
    t = await startTestApp();
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sends a CSP that allows no inline script or style and nothing from elsewhere', async () => {
    const res = await request(t.http).get('/docs').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toMatch(/unsafe-(inline|eval)|https?:|\*/);
    expect(res.text).not.toMatch(/<script>|<style|style=/);
  });

  it('renders every operation of the document with no CSP violation, console error or failed request', async () => {
    const { page, problems } = await browser.open({ width: 1280, height: 800 });
    await page.addInitScript(REPORT_VIOLATIONS);
    await page.goto(`${t.url}/docs`);
    const operations = page.locator('.opblock');
    await pollUntil(`${OPERATIONS} operations`, () => operations.count(), (n) => n === OPERATIONS, { timeoutMs: 30_000 });
    // Open one: its responses name the view schema and the error body.
    await page.locator('#operations-layouts-getLayout .opblock-summary-control').click();
    const opened = page.locator('#operations-layouts-getLayout');
    await pollUntil('the getLayout responses', () => opened.locator('.responses-table').count(), (n) => n > 0, { timeoutMs: 15_000 });
    const text = await opened.innerText();
    expect(text).toContain('not_found');
    expect(text).toContain('fieldCount');
    await saveScreenshot(page, 'docs');
    expect(problems).toEqual([]);
  });

  it('serves its own assets and answers 404 with the error body for anything else under /docs/', async () => {
    for (const asset of ['init.js', 'swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png']) {
      await request(t.http).get(`/docs/${asset}`).expect(200);
    }
    for (const path of ['/docs/index.html', '/docs/swagger-ui.js.map', '/docs/..%2fpackage.json', '/docs/%2e%2e', '/docs/a/b', '/docs/LICENSE', '/docs/init.js%00.png']) {
      const res = await request(t.http).get(path);
      expect([path, res.status, res.body.error]).toEqual([path, 404, 'not_found']);
    }
  });
});

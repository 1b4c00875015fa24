import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, saveScreenshot } from '../support/browser';
import { pollUntil } from '../support/poll-until';
import type { BrowserSession, WatchedPage } from '../support/browser';
import fc from 'fast-check';
import { loadCatalog } from '../../src/core/catalog/catalog';
import { compilePlan } from '../../src/core/conversion/compile-plan';
import { convertBlob } from '../../src/core/conversion/convert-blob';
import { buildPlan } from '../../src/core/conversion/plan';
import { layOut, vmcs12For } from '../support/kvm-vmcs12';
import { nestedState } from '../support/nested-state-factory';
import { startTestApp } from '../support/test-app';
import { readAllEvents } from '../support/read-events';

const catalog = loadCatalog();

// The dashboard at GET /, driven in Debian's Chromium against the whole app on a fresh
// database. Tests run in order on one page, as a reader would use it; every one ends by
// asserting that the page logged no error and no request failed. Screenshots land in
// test/artifacts/dashboard/ (DASHBOARD_DOCS_SCREENSHOT=1 also refreshes docs/dashboard.png).

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 375, height: 812 };
const LIVE_TIMEOUT_MS = 15_000;
// Waits poll from the test side: the dashboard's Content-Security-Policy forbids eval, which
// page.waitForFunction relies on, and the policy stays on so the tests see what users get.
const POLL = { intervalMs: 100 };

// Elements of #pair whose box reaches past the right edge of the viewport (or of a clipping
// ancestor) without an ancestor that scrolls horizontally to reach them.
const CLIPPED_IN_PAIR_VIEW = `(() => {
  const clipped = [];
  const limit = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('#pair *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    let right = limit;
    let scrolls = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && a.scrollWidth > a.clientWidth) { scrolls = true; break; }
      if (ox === 'hidden' || ox === 'clip') right = Math.min(right, a.getBoundingClientRect().right);
    }
    if (!scrolls && r.right > right + 1) clipped.push((el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : el.tagName) + ' right ' + Math.round(r.right) + ' > ' + Math.round(right));
  }
  return [...new Set(clipped)].slice(0, 20);
})()`;

interface Matrix {
  layouts: string[];
  verdicts: string[][];
  conflicts?: boolean[][];
}

interface Field {
  name: string;
  type: string;
  count: number;
  offset: number;
  size: number;
  role: string;
  bitfields?: unknown;
}

interface Layout {
  name: string;
  revision: string;
  size: number;
  fields: Field[];
}

type Named = string | { name?: string; field?: string };

interface Report {
  verdict: string;
  lost: Named[];
  moved: unknown[];
}

interface Plan {
  ops: unknown[];
}

let app: { url: string; close(): Promise<void> } | undefined;
let browser: BrowserSession | undefined;
let desktop: WatchedPage;
let matrix: Matrix;

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${app?.url}${path}`, init);
  if (!response.ok) {
    throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

const seg = encodeURIComponent;
const nameOf = (entry: Named): string => (typeof entry === 'string' ? entry : (entry.name ?? entry.field ?? ''));
const cell = (from: string, to: string): string => `.cell[data-from="${from}"][data-to="${to}"]`;

function pairsWhere(predicate: (verdict: string, from: string, to: string) => boolean): { from: string; to: string }[] {
  return matrix.layouts.flatMap((from, i) =>
    matrix.layouts.flatMap((to, j) => (from !== to && predicate(matrix.verdicts[i]?.[j] ?? '', from, to) ? [{ from, to }] : [])),
  );
}

async function openDashboard(page: Page, layouts: number): Promise<void> {
  await page.goto(`${app?.url}/`);
  await pollUntil(`${layouts * layouts} heatmap cells`, () => page.locator('.cell').count(), (v) => v === layouts * layouts, POLL);
  // "live" is the SSE stream open; the polling fallback would hide a broken /events/stream.
  await page.waitForSelector('#live-status[data-status="live"]');
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-dashboard.mjs')], { cwd: ROOT, stdio: 'pipe' });
  app = await startTestApp();
  browser = await openBrowser();
  matrix = await api<Matrix>('/compat');
  desktop = await browser.open(DESKTOP);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(() => {
  expect(desktop.problems).toEqual([]);
});

describe('dashboard', () => {
  it('loads at GET / with the timeline, the legend and no console errors', async () => {
    const { page } = desktop;
    await openDashboard(page, matrix.layouts.length);
    await expect(page.title()).resolves.toBe('vmcs12 registry');
    const events = await readAllEvents(String(app?.url));
    await pollUntil(`${events.length} timeline events`, () => page.locator('.timeline__list .event').count(), (v) => v === events.length, POLL);
    expect(await page.locator('.event[data-kind="registered"]').count()).toBe(events.filter((e) => e.type === 'LayoutRegistered').length);
    expect(await page.locator('.legend__item').allInnerTexts()).toEqual([
      expect.stringContaining('Identical'),
      expect.stringContaining('Compatible'),
      expect.stringContaining('Lossy'),
      expect.stringContaining('Revision conflict'),
    ]);
    expect(await page.locator('h1, h2').allInnerTexts()).toEqual(['vmcs12 registry', 'Lineages', 'Compatibility matrix', 'Convert a blob', 'Timeline']);
    await saveScreenshot(page, 'desktop-1280x800');
    if (process.env.DASHBOARD_DOCS_SCREENSHOT === '1') {
      await page.screenshot({ path: join(ROOT, 'docs', 'dashboard.png') });
    }
  });

  it('draws one heatmap cell per ordered pair of the catalog, with its verdict and conflict mark', async () => {
    const { page } = desktop;
    const n = matrix.layouts.length;
    expect(n).toBeGreaterThanOrEqual(2);
    const cells = await page.locator('.cell').evaluateAll(
      (els) => els.map((el) => [el.getAttribute('data-from'), el.getAttribute('data-to'), el.getAttribute('data-verdict'), el.getAttribute('data-conflict'), el.tagName]),
    );
    expect(cells).toHaveLength(n * n);
    const expected = matrix.layouts.flatMap((from, i) =>
      matrix.layouts.map((to, j) => [from, to, matrix.verdicts[i]?.[j], String(matrix.conflicts?.[i]?.[j] === true), 'BUTTON']),
    );
    expect(cells).toEqual(expected);
    const first = matrix.layouts[0] ?? '';
    await expect(page.locator(cell(first, first)).getAttribute('aria-label')).resolves.toMatch(new RegExp(`^${first} to ${first}: \\w+`));
  });

  it('opens the pair view from a click: byte maps, moved lines, lost fields, plan and the C converter', async () => {
    const { page } = desktop;
    const { from, to } = pairsWhere((verdict) => verdict === 'lossy')[0] ?? pairsWhere(() => true)[0] ?? { from: '', to: '' };
    const [fromLayout, toLayout, report, plan] = await Promise.all([
      api<Layout>(`/layouts/${seg(from)}`),
      api<Layout>(`/layouts/${seg(to)}`),
      api<Report>(`/compat/${seg(from)}/${seg(to)}`),
      api<Plan>(`/plans/${seg(from)}/${seg(to)}`),
    ]);
    await page.click(cell(from, to));
    await page.waitForSelector('#pair .pairmap');
    await expect(page.locator('#pair-title').textContent()).resolves.toBe(`Pair: ${from} → ${to}`);
    await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('pair-title');
    expect(page.url()).toContain(`#pair/${seg(from)}/${seg(to)}`);
    expect(await page.locator('.bytemap--from .fld').count()).toBe(fromLayout.fields.length);
    expect(await page.locator('.bytemap--to .fld').count()).toBe(toLayout.fields.length);
    expect(await page.locator('.moveline').count()).toBe(report.moved.length);
    expect(await page.locator('.bytemap--from .fld--lost').count()).toBe(report.lost.length);
    expect(await page.locator('[data-list="lost"] li').allInnerTexts()).toEqual(report.lost.map(nameOf));
    expect(await page.locator('table.plan tbody tr:not(.plan__absent)').count()).toBe(plan.ops.length);
    await expect(page.locator('#pair .badge[data-verdict]').getAttribute('data-verdict')).resolves.toBe(report.verdict);
    await saveScreenshot(page, 'pair-view');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="download-c"]')]);
    const source = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.c$/);
    expect(source).toContain('vmcs12_convert');
  });

  it('moves through the matrix with the arrow keys, opens a pair with Enter and closes it with Escape', async () => {
    const { page } = desktop;
    const [a, b, c] = matrix.layouts;
    if (a === undefined || b === undefined || c === undefined) {
      throw new Error('the catalog needs at least three layouts');
    }
    await page.locator('.cell[tabindex="0"]').focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.evaluate('document.activeElement.dataset.from + " " + document.activeElement.dataset.to')).resolves.toBe(`${c} ${b}`);
    expect(await page.locator('.cell[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.locator('#pair-title', { hasText: `${c} → ${b}` }).waitFor();
    await page.locator('#pair .pairmap').waitFor();
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('pair-title');
    await page.keyboard.press('Escape');
    await expect(page.locator('#pair').isHidden()).resolves.toBe(true);
    await expect(page.evaluate('document.activeElement.dataset.from + " " + document.activeElement.dataset.to')).resolves.toBe(`${c} ${b}`);
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
  });

  it('converts an uploaded blob, downloads it with the target revision and lists what was lost', async () => {
    const { page } = desktop;
    const candidates = pairsWhere((verdict) => verdict === 'lossy');
    let chosen: { from: Layout; to: Layout; report: Report } | undefined;
    for (const pair of candidates) {
      const report = await api<Report>(`/compat/${seg(pair.from)}/${seg(pair.to)}`);
      if (report.lost.length > 0) {
        chosen = { from: await api<Layout>(`/layouts/${seg(pair.from)}`), to: await api<Layout>(`/layouts/${seg(pair.to)}`), report };
        break;
      }
    }
    if (chosen === undefined) {
      throw new Error('the catalog has no lossy pair with a lost field');
    }
    const { from, to, report } = chosen;
    const lostName = nameOf(report.lost[0] ?? '');
    const lostField = from.fields.find((f) => f.name === lostName && f.role === 'data');
    const kept = from.fields.find((f) => f.role === 'data' && to.fields.some((t) => t.name === f.name && t.role === 'data' && t.size === f.size));
    const keptTarget = to.fields.find((t) => t.name === kept?.name);
    if (lostField === undefined || kept === undefined || keptTarget === undefined) {
      throw new Error(`${from.name} → ${to.name}: no lost field ${lostName} or no shared field to check`);
    }
    const blob = Buffer.alloc(from.size);
    blob.writeUInt32LE((Number.parseInt(from.revision, 16) | 0x8000_0000) >>> 0, 0); // shadow bit set: must survive
    blob.fill(0xab, lostField.offset, lostField.offset + lostField.size);
    const pattern = Buffer.from(Array.from({ length: kept.size }, (_, i) => (i * 37 + 1) & 0xff));
    pattern.copy(blob, kept.offset);

    await page.selectOption('#convert-from', from.name);
    await page.selectOption('#convert-to', to.name);
    await page.setInputFiles('#convert-file', { name: 'guest.vmcs12', mimeType: 'application/octet-stream', buffer: blob });
    await page.locator('#convert-file-info', { hasText: `header revision ${from.revision} (shadow VMCS)` }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#converter button[type="submit"]')]);
    const converted = readFileSync(await download.path());

    expect(download.suggestedFilename()).toBe(`guest.${to.name}.bin`);
    expect(converted.length).toBe(to.size);
    expect(converted.readUInt32LE(0) & 0x7fff_ffff).toBe(Number.parseInt(to.revision, 16));
    expect(converted.readUInt32LE(0) >>> 31).toBe(1);
    expect(converted.subarray(keptTarget.offset, keptTarget.offset + kept.size)).toEqual(pattern);
    const lostShown = await page.locator('[data-list="converted-lost"] li').allInnerTexts();
    expect(lostShown.some((shown) => shown === lostName || shown.startsWith(`${lostName}[`))).toBe(true);
    await expect(page.locator('.converter__summary').innerText()).resolves.toContain(`${from.name} → ${to.name}`);
    await page.locator('#converter').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'converter');
  });

  it('says why the server refused a blob, naming the byte offset and the expected revision', async () => {
    const { page, problems } = desktop;
    const from = await api<Layout>(`/layouts/${seg(matrix.layouts[0] ?? '')}`);
    await page.selectOption('#convert-from', from.name);
    await page.setInputFiles('#convert-file', { name: 'zero.vmcs12', mimeType: 'application/octet-stream', buffer: Buffer.alloc(from.size) });
    await page.click('#converter button[type="submit"]');
    const alert = page.locator('#converter [role="alert"]');
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toMatch(new RegExp(`^Conversion failed: .*at byte 0: expected ${from.revision}.*\\[422 `));
    await saveScreenshot(page, 'converter-refused');
    // The refusal is the point of this test: the browser logs the 422, nothing else may fail.
    const expected = problems.filter((p) => p.includes('422') && p.includes('/convert/'));
    expect(expected.length).toBeGreaterThan(0);
    expect(problems.filter((p) => !expected.includes(p))).toEqual([]);
    problems.length = 0;
  });

  it('offers a kvm_nested_state file (8320 bytes) the container conversion, and converts both regions', async () => {
    const { page, problems } = desktop;
    const source = catalog.find((e) => e.name === 'linux-v4.14') as (typeof catalog)[number];
    const target = catalog.find((e) => e.name === 'linux-v4.17-pinned') as (typeof catalog)[number];
    const state = Buffer.from(nestedState({ size: 8320, revision: source.layout.revision }));
    for (let i = 8; i < 4096; i += 5) {
      state[128 + i] = (i * 7) & 0xff;
      state[4224 + i] = (i * 11) & 0xff;
    }
    const converter = compilePlan(buildPlan(source, target));
    const expected = Buffer.concat([state.subarray(0, 128), convertBlob(converter, state.subarray(128, 4224)).output, convertBlob(converter, state.subarray(4224)).output]);

    await page.selectOption('#convert-from', source.name);
    await page.selectOption('#convert-to', target.name);
    await page.setInputFiles('#convert-file', { name: 'guest.nested', mimeType: 'application/octet-stream', buffer: state });
    await page.locator('#convert-file-info', { hasText: 'a kvm_nested_state with vmcs12 and shadow vmcs12' }).waitFor();
    await expect(page.isChecked('#convert-container')).resolves.toBe(true);
    await expect(page.locator('#convert-file-info .warning').count()).resolves.toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#converter button[type="submit"]')]);
    expect(readFileSync(await download.path()).equals(expected)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('detects the source layout of an uploaded blob, shows the evidence and converts from auto', async () => {
    const { page, problems } = desktop;
    const source = catalog.find((e) => e.name === 'linux-v4.14') as (typeof catalog)[number];
    const target = catalog.find((e) => e.name === 'linux-tsc-multiplier') as (typeof catalog)[number];
    const blob = Buffer.from(layOut(fc.sample(vmcs12For(source.layout), { seed: 14, numRuns: 1 })[0]!, source.layout));
    const expected = convertBlob(compilePlan(buildPlan(source, target)), blob);

    await page.selectOption('#convert-from', 'auto');
    await page.selectOption('#convert-to', target.name);
    await page.setInputFiles('#convert-file', { name: 'saved.vmcs12', mimeType: 'application/octet-stream', buffer: blob });
    await page.locator('#convert-identify [data-verdict="identified"]').waitFor();
    const first = page.locator('#convert-identify .identify__candidate').first();
    await expect(first.innerText()).resolves.toMatch(/linux-v4\.14.*rfc-2017-pre-evmcs|rfc-2017-pre-evmcs.*linux-v4\.14/s);
    const rows = await first.locator('table[data-evidence] tbody tr').allInnerTexts();
    const link = source.layout.fields.find((f) => f.name === 'vmcs_link_pointer')?.offset;
    expect(rows.some((r) => new RegExp(`✓\\s+${link}\\s+vmcs_link_pointer\\s+vmcs-link-pointer`).test(r))).toBe(true);
    expect(rows.some((r) => r.includes('default1-controls'))).toBe(true);
    const others = await page.locator('#convert-identify .identify__candidate').count();
    expect(others).toBeGreaterThan(1);
    await expect(page.locator('#convert-identify .identify__candidate').nth(1).locator('tbody tr.identify__fail').count()).resolves.toBeGreaterThan(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#converter button[type="submit"]')]);
    const converted = readFileSync(await download.path());
    expect(converted.equals(Buffer.from(expected.output))).toBe(true);
    await expect(page.locator('.converter__source').innerText()).resolves.toMatch(/^Detected source: linux-v4\.14 \(candidates: linux-v4\.14, rfc-2017-pre-evmcs\)/);
    await page.locator('#converter').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'converter-detect');
    expect(problems).toEqual([]);
  });

  it('narrows the matrix and the timeline to a lineage and draws its history with the verdict of each step', async () => {
    const { page } = desktop;
    const lineages = await api<{ name: string; branchesFrom: string | null; layouts: string[] }[]>('/lineages');
    const layouts = await api<{ name: string; position: number }[]>('/layouts');
    const position = (name: string): number => layouts.find((l) => l.name === name)?.position ?? -1;
    const stepWords = async (from: string, to: string): Promise<string> => {
      const r = await api<Report & { inPlace: boolean; revisionConflict: boolean }>(`/compat/${seg(from)}/${seg(to)}`);
      return [r.verdict, r.inPlace ? 'in place' : 'fields move', ...(r.revisionConflict ? ['revision conflict'] : [])].join(' · ');
    };
    const visibleEvents = () => page.locator('.timeline__list .event:not(.is-outside-lineage)');
    expect(await page.locator('#lineage-select option').allInnerTexts()).toEqual(['All lineages', ...lineages.map((l) => `${l.name} (${l.layouts.length})`)]);

    const mainline = lineages.find((l) => l.name === 'mainline');
    expect(mainline?.layouts.length).toBeGreaterThanOrEqual(3);
    const names = mainline?.layouts ?? [];
    await page.selectOption('#lineage-select', 'mainline');
    await pollUntil(`${names.length ** 2} cells of mainline`, () => page.locator('.cell').count(), (v) => v === names.length ** 2, POLL);
    const rows = await page.locator('.cell').evaluateAll((els) => [...new Set(els.map((el) => el.getAttribute('data-from')))]);
    expect(rows).toEqual(names);
    const shown = await visibleEvents().evaluateAll((els) => els.map((el) => el.getAttribute('data-layout')));
    expect(shown.length).toBeGreaterThanOrEqual(names.length);
    expect(shown.every((name) => name !== null && names.includes(name))).toBe(true);
    expect(await page.locator('.timeline__count').innerText()).toBe(`${shown.length} events`);
    // The line: every layout of mainline in order, each step with its report's verdict.
    await pollUntil('every step verdict', () => page.locator('.lineage__verdict[data-verdict="loading"]').count(), (v) => v === 0, POLL);
    expect(await page.locator('.lineage__step').evaluateAll((els) => els.map((el) => el.getAttribute('data-layout')))).toEqual(names);
    const verdicts = await page.locator('.lineage__step .lineage__verdict').allInnerTexts();
    expect(verdicts[0]).toBe('first layout');
    for (let i = 1; i < names.length; i++) {
      expect([names[i], verdicts[i]]).toEqual([names[i], await stepWords(names[i - 1] as string, names[i] as string)]);
    }

    // A lineage that branches from mainline: its first step is from the mainline layout that was
    // latest when it branched, and a click on it opens that pair.
    const branch = lineages.find((l) => l.branchesFrom === 'mainline' && l.layouts.length > 0);
    const first = branch?.layouts[0] ?? '';
    const parent = names.filter((n) => position(n) < position(first)).at(-1) ?? '';
    await page.selectOption('#lineage-select', branch?.name ?? '');
    await pollUntil(`the line of ${branch?.name}`, () => page.locator('.lineage__step').first().getAttribute('data-layout'), (v) => v === first, POLL);
    await pollUntil('the branch verdict', () => page.locator('.lineage__verdict[data-verdict="loading"]').count(), (v) => v === 0, POLL);
    expect(await page.locator('.lineage__origin').innerText()).toBe('branches from mainline');
    expect(await page.locator('.lineage__step').first().locator('.lineage__pair').innerText()).toBe(`from ${parent}`);
    expect(await page.locator('.lineage__step').first().locator('.lineage__verdict').innerText()).toBe(await stepWords(parent, first));
    await page.locator('.lineage__step').first().locator('.lineage__pair').click();
    await page.waitForSelector(`#pair:not([hidden])`);
    expect(page.url()).toContain(`${seg(parent)}`);
    await page.keyboard.press('Escape');

    await page.selectOption('#lineage-select', '');
    await pollUntil('the whole matrix again', () => page.locator('.cell').count(), (v) => v === matrix.layouts.length ** 2, POLL);
    expect(await visibleEvents().count()).toBe(await page.locator('.timeline__list .event').count());
  });

  it('shows a layout registered through the API without a reload', async () => {
    const { page } = desktop;
    const n = matrix.layouts.length;
    const source = await api<Layout>(`/layouts/${seg(matrix.layouts[n - 1] ?? '')}`);
    const name = `e2e-live-${Date.now().toString(36)}`;
    const fields = source.fields.map(({ name: field, type, count, offset, size, role, bitfields }) => ({ name: field, type, count, offset, size, role, ...(bitfields === undefined ? {} : { bitfields }) }));
    await page.evaluate('window.scrollTo(0, 0)');
    await api(`/layouts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, format: 'json', revision: source.revision, size: source.size, fields }),
    });

    await page.waitForSelector(`.timeline__list .event.is-new[data-layout="${name}"]`, { timeout: LIVE_TIMEOUT_MS });
    await pollUntil(`${(n + 1) * (n + 1)} heatmap cells`, () => page.locator('.cell').count(), (v) => v === (n + 1) * (n + 1), { ...POLL, timeoutMs: LIVE_TIMEOUT_MS });
    await expect(page.locator(cell(name, source.name)).getAttribute('data-verdict')).resolves.toBe('identical');
    await expect(page.locator('#convert-from option', { hasText: name }).count()).resolves.toBe(1);
    await expect(page.locator('.timeline__list .event').first().getAttribute('data-layout')).resolves.toBe(name);
    await saveScreenshot(page, 'live-registration');
  });

  it('fits a 375px-wide screen: the page does not scroll sideways, the matrix scrolls in its own box', async () => {
    const narrow = await (browser as BrowserSession).open(NARROW);
    const layouts = (await api<Matrix>('/compat')).layouts.length;
    await openDashboard(narrow.page, layouts);
    await expect(narrow.page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(NARROW.width);
    const box = await narrow.page.evaluate(
      `(() => { const el = document.querySelector('.heatmap__scroll'); el.scrollLeft = 200; return { scroll: el.scrollWidth, client: el.clientWidth, left: el.scrollLeft }; })()`,
    );
    expect(box).toEqual({ scroll: expect.any(Number), client: expect.any(Number), left: 200 });
    const { scroll, client } = box as { scroll: number; client: number };
    expect(scroll).toBeGreaterThan(client);
    await narrow.page.evaluate(`document.querySelector('.heatmap__scroll').scrollLeft = 0`);
    await saveScreenshot(narrow.page, 'narrow-375');
    await narrow.page.click(cell(matrix.layouts[0] ?? '', matrix.layouts[1] ?? ''));
    await narrow.page.waitForSelector('#pair .pairmap');
    await expect(narrow.page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(NARROW.width);
    // Not cut off: every visible box of the pair view (byte maps, plan table, lists) ends inside
    // the screen, or inside an ancestor that scrolls sideways to show it. A page that merely
    // hides its overflow passes the scrollWidth check above and still loses the right edge.
    await expect(narrow.page.evaluate(CLIPPED_IN_PAIR_VIEW)).resolves.toEqual([]);
    await saveScreenshot(narrow.page, 'narrow-375-pair');
    expect(narrow.problems).toEqual([]);
    await narrow.page.close();
  });
});

import { converterUrl } from '../api/registry-api.js';
import { describeError } from '../api/http.js';
import { h } from '../dom/h.js';
import { plural } from '../format/format.js';
import { CONFLICT_STYLE, verdictClass, verdictStyle } from '../heatmap/verdict-style.js';
import { renderFieldLists } from './field-lists.js';
import { loadPair } from './pair-data.js';
import type { PairData } from './pair-data.js';
import { renderPairFigure } from './pair-figure.js';
import { renderPlanTable } from './plan-table.js';

export interface PairActions {
  close(): void;
  open(from: string, to: string): void;
  useInConverter(from: string, to: string): void;
}

const ZOOMS = [1, 2, 4]; // pixels per byte

// The pair view: both layouts' byte maps, the report as lists, the plan, and the generated C.
export class PairView {
  private zoom = 1;
  private pair: PairData | undefined;
  private request = 0;
  private figureSlot: HTMLElement = h('div');

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: PairActions,
  ) {
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.actions.close();
      }
    });
  }

  isShowing(from: string, to: string): boolean {
    return !this.root.hidden && this.pair?.from.name === from && this.pair.to.name === to;
  }

  async open(from: string, to: string, focus: boolean): Promise<void> {
    const request = ++this.request;
    this.root.hidden = false;
    this.root.setAttribute('aria-busy', 'true');
    this.root.replaceChildren(this.header(from, to, undefined), h('p', { class: 'placeholder' }, `Loading ${from} → ${to}…`));
    this.focusTitle(focus);
    try {
      const pair = await loadPair(from, to);
      if (request !== this.request) {
        return;
      }
      this.pair = pair;
      this.render(pair);
    } catch (error) {
      if (request === this.request) {
        this.root.replaceChildren(this.header(from, to, undefined), h('p', { class: 'error', role: 'alert' }, `Could not load ${from} → ${to}: ${describeError(error)}`));
      }
    } finally {
      if (request === this.request) {
        this.root.removeAttribute('aria-busy');
        this.focusTitle(focus);
      }
    }
  }

  close(): void {
    this.request += 1;
    this.pair = undefined;
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  private focusTitle(focus: boolean): void {
    if (focus) {
      const title = this.root.querySelector<HTMLElement>('#pair-title');
      title?.focus({ preventScroll: true });
      this.root.scrollIntoView({ block: 'start', behavior: 'auto' });
    }
  }

  private render(pair: PairData): void {
    this.figureSlot = h('div', { class: 'pair__figure' }, renderPairFigure(pair, this.zoom));
    this.root.replaceChildren(
      this.header(pair.from.name, pair.to.name, pair),
      this.stats(pair),
      h('div', { class: 'pair__body' }, h('div', { class: 'pair__mapcol' }, this.zoomControl(), this.figureSlot), h('div', { class: 'pair__panels' }, renderFieldLists(pair.report, pair.to.name))),
      renderPlanTable(pair.plan),
    );
  }

  private header(from: string, to: string, pair: PairData | undefined): HTMLElement {
    const report = pair?.report;
    const close = h('button', { type: 'button', class: 'button button--ghost', 'aria-label': 'Close the pair view' }, '✕ Close');
    close.addEventListener('click', () => this.actions.close());
    const reverse = h('button', { type: 'button', class: 'button', title: `Open ${to} → ${from}` }, '⇄ Reverse');
    reverse.addEventListener('click', () => this.actions.open(to, from));
    const use = h('button', { type: 'button', class: 'button' }, 'Use in converter');
    use.addEventListener('click', () => this.actions.useInConverter(from, to));
    const download = h('a', { class: 'button button--primary', href: converterUrl(from, to), download: `vmcs12-convert-${from}-to-${to}.c`, 'data-action': 'download-c' }, '⬇ C converter');
    return h(
      'header',
      { class: 'pair__header' },
      h(
        'div',
        { class: 'pair__titles' },
        h('h2', { id: 'pair-title', tabindex: -1 }, h('span', { class: 'visually-hidden' }, 'Pair: '), h('span', { class: 'mono' }, from), h('span', { class: 'pair__to', 'aria-label': 'to' }, ' → '), h('span', { class: 'mono' }, to)),
        report === undefined ? null : this.badges(report.verdict, report.revisionConflict, report.inPlace),
      ),
      h('div', { class: 'pair__actions' }, reverse, use, download, close),
    );
  }

  private badges(verdict: string, conflict: boolean, inPlace: boolean): HTMLElement {
    const style = verdictStyle(verdict);
    return h(
      'p',
      { class: 'badges' },
      h('span', { class: `badge badge--${verdictClass(verdict)}`, 'data-verdict': verdict }, h('span', { 'aria-hidden': 'true' }, `${style.glyph} `), style.label),
      conflict ? h('span', { class: 'badge badge--conflict', title: CONFLICT_STYLE.description }, h('span', { 'aria-hidden': 'true' }, '! '), CONFLICT_STYLE.label) : null,
      h('span', { class: 'badge badge--plain', title: inPlace ? 'nothing moves or changes width' : 'fields move or change width' }, inPlace ? 'in place' : 'rearranging'),
    );
  }

  private stats(pair: PairData): HTMLElement {
    const r = pair.report;
    const stat = (n: number, label: string, kind: string): HTMLElement => h('li', { class: `stat stat--${kind}` }, h('strong', {}, n), ` ${label}`);
    return h(
      'ul',
      { class: 'pair__stats', 'aria-label': 'Summary' },
      stat(r.lost.length, 'lost', 'lost'),
      stat(r.added.length, 'added', 'added'),
      stat(r.moved.length, 'moved', 'moved'),
      stat(r.resized.length, 'resized', 'resized'),
      h('li', { class: 'stat' }, `${plural(pair.plan.ops.length, 'plan op')}, ${pair.plan.bytesCopied} bytes copied`),
    );
  }

  private zoomControl(): HTMLElement {
    const name = 'pair-zoom';
    const options = ZOOMS.map((z) => {
      const input = h('input', { type: 'radio', name, value: z, checked: z === this.zoom });
      input.addEventListener('change', () => {
        this.zoom = z;
        if (this.pair !== undefined) {
          this.figureSlot.replaceChildren(renderPairFigure(this.pair, z));
        }
      });
      return h('label', { class: 'segmented__option' }, input, h('span', {}, `${z}×`));
    });
    return h('fieldset', { class: 'segmented' }, h('legend', {}, 'Scale (pixels per byte)'), ...options);
  }
}

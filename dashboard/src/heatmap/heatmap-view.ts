import type { CompatMatrix, LayoutSummary } from '../api/types.js';
import { h } from '../dom/h.js';
import { plural } from '../format/format.js';
import { nextPosition } from './grid-navigation.js';
import type { GridPosition } from './grid-navigation.js';
import { CONFLICT_STYLE, verdictClass, verdictStyle } from './verdict-style.js';

// Row = from, column = to, as GET /compat orders them. Each cell is a button naming its pair
// in data-from/data-to; only the active cell is tabbable (arrows move it).
export class HeatmapView {
  private names: string[] = [];
  private cells: HTMLButtonElement[][] = [];
  private rowHeads: HTMLElement[] = [];
  private colHeads: HTMLElement[] = [];
  private active: GridPosition = { row: 0, col: 0 };
  private readonly box: HTMLElement;
  private readonly summary: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly onOpen: (from: string, to: string) => void,
  ) {
    this.summary = h('p', { class: 'heatmap__summary', id: 'heatmap-summary' });
    this.box = h('div', { class: 'heatmap__scroll', tabindex: -1 }, h('p', { class: 'placeholder' }, 'Loading the matrix…'));
    root.append(this.summary, this.box);
  }

  render(matrix: CompatMatrix, findLayoutSummary: (name: string) => LayoutSummary | undefined): void {
    const hadFocus = this.box.contains(document.activeElement);
    const keep = this.activePair();
    this.names = matrix.layouts.map((l) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name)));
    const n = this.names.length;
    if (n === 0) {
      this.box.replaceChildren(h('p', { class: 'placeholder' }, 'No layouts are registered yet.'));
      this.summary.textContent = '';
      return;
    }
    this.colHeads = this.names.map((name, col) => this.colHead(name, col, findLayoutSummary(name)));
    this.rowHeads = [];
    this.cells = [];
    const rows = this.names.map((from, row) => {
      const head = this.rowHead(from, row, findLayoutSummary(from));
      this.rowHeads.push(head);
      const cells = this.names.map((to, col) =>
        this.cell(from, to, row, col, matrix.verdicts[row]?.[col], matrix.conflicts?.[row]?.[col] === true),
      );
      this.cells.push(cells);
      return h('tr', {}, head, ...cells.map((c) => h('td', {}, c)));
    });
    const table = h(
      'table',
      { class: 'heatmap', role: 'grid', 'aria-label': 'Compatibility matrix, rows convert from, columns convert to', 'aria-describedby': 'heatmap-summary heatmap-help' },
      h('thead', {}, h('tr', {}, h('td', { class: 'heatmap__corner' }, h('span', { 'aria-hidden': 'true' }, 'from ↓  to →')), ...this.colHeads)),
      h('tbody', {}, ...rows),
    );
    table.addEventListener('keydown', (e) => this.onKey(e));
    table.addEventListener('focusin', (e) => this.cross(e.target));
    table.addEventListener('mouseover', (e) => this.cross(e.target));
    table.addEventListener('mouseleave', () => this.cross(null));
    this.box.replaceChildren(table);
    this.summary.replaceChildren(...summarize(matrix));
    const restored = keep === undefined ? undefined : this.positionOf(keep.from, keep.to);
    this.activate(restored ?? { row: 0, col: Math.min(1, n - 1) }, hadFocus);
  }

  focusPair(from: string, to: string): void {
    const at = this.positionOf(from, to);
    if (at !== undefined) {
      this.activate(at, true);
    }
  }

  // Used by the timeline: bring a layout's row into view with its diagonal cell focused.
  revealLayout(name: string): void {
    this.focusPair(name, name);
    this.cells[this.active.row]?.[this.active.col]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  private activePair(): { from: string; to: string } | undefined {
    const from = this.names[this.active.row];
    const to = this.names[this.active.col];
    return from === undefined || to === undefined ? undefined : { from, to };
  }

  private positionOf(from: string, to: string): GridPosition | undefined {
    const row = this.names.indexOf(from);
    const col = this.names.indexOf(to);
    return row < 0 || col < 0 ? undefined : { row, col };
  }

  private activate(at: GridPosition, focus: boolean): void {
    this.cells[this.active.row]?.[this.active.col]?.setAttribute('tabindex', '-1');
    this.active = at;
    const cell = this.cells[at.row]?.[at.col];
    cell?.setAttribute('tabindex', '0');
    if (focus) {
      cell?.focus();
    }
  }

  private onKey(event: KeyboardEvent): void {
    const next = nextPosition(event.key, event.ctrlKey || event.metaKey, this.active, this.names.length, this.names.length);
    if (next !== undefined) {
      event.preventDefault();
      this.activate(next, true);
    }
  }

  private cross(target: EventTarget | null): void {
    const cell = target instanceof Element ? target.closest<HTMLElement>('.cell') : null;
    const row = cell === null ? -1 : Number(cell.dataset['row']);
    const col = cell === null ? -1 : Number(cell.dataset['col']);
    this.rowHeads.forEach((th, i) => th.classList.toggle('is-cross', i === row));
    this.colHeads.forEach((th, i) => th.classList.toggle('is-cross', i === col));
  }

  private cell(from: string, to: string, row: number, col: number, verdict: string | undefined, conflict: boolean): HTMLButtonElement {
    const style = verdictStyle(verdict);
    const label = `${from} to ${to}: ${style.label}${conflict ? `, ${CONFLICT_STYLE.label.toLowerCase()}` : ''}`;
    const classes = ['cell', `cell--${verdictClass(verdict)}`, conflict ? 'cell--conflict' : '', row === col ? 'cell--self' : ''];
    const button = h(
      'button',
      { type: 'button', class: classes.filter(Boolean).join(' '), tabindex: -1, title: label, 'aria-label': label, 'data-from': from, 'data-to': to, 'data-verdict': verdict ?? 'unknown', 'data-conflict': String(conflict), 'data-row': row, 'data-col': col },
      h('span', { 'aria-hidden': 'true' }, style.glyph),
    );
    button.addEventListener('click', () => {
      this.activate({ row, col }, false);
      this.onOpen(from, to);
    });
    return button;
  }

  private colHead(name: string, col: number, layout: LayoutSummary | undefined): HTMLElement {
    return h('th', { scope: 'col', class: `heatmap__col${layout?.deprecated ? ' is-deprecated' : ''}`, 'data-col': col, title: headTitle(name, layout) }, h('span', {}, name));
  }

  private rowHead(name: string, row: number, layout: LayoutSummary | undefined): HTMLElement {
    return h(
      'th',
      { scope: 'row', class: `heatmap__row${layout?.deprecated ? ' is-deprecated' : ''}`, 'data-row': row, title: headTitle(name, layout) },
      h('span', { class: 'heatmap__name' }, name),
      layout?.deprecated ? h('span', { class: 'tag tag--deprecated' }, 'deprecated') : null,
    );
  }
}

function headTitle(name: string, layout: LayoutSummary | undefined): string {
  if (layout === undefined) {
    return name;
  }
  const kernel = layout.kernel ?? layout.provenance?.kernel ?? undefined;
  const deprecated = layout.deprecated ? `deprecated${layout.deprecationReason ? `: ${layout.deprecationReason}` : ''}` : '';
  return [name, `revision ${layout.revision}`, kernel === undefined ? '' : `kernel ${kernel}`, deprecated].filter(Boolean).join(' · ');
}

function summarize(matrix: CompatMatrix): (string | HTMLElement)[] {
  const counts = new Map<string, number>();
  let conflicts = 0;
  matrix.verdicts.forEach((row, i) =>
    row.forEach((verdict, j) => {
      counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
      if (matrix.conflicts?.[i]?.[j] === true) {
        conflicts += 1;
      }
    }),
  );
  const n = matrix.layouts.length;
  const part = (verdict: string): HTMLElement =>
    h('span', { class: `count count--${verdict}` }, `${counts.get(verdict) ?? 0} ${verdictStyle(verdict).label.toLowerCase()}`);
  return [
    `${plural(n, 'layout')}, ${plural(n * n, 'pair')}: `,
    part('identical'), ', ', part('compatible'), ', ', part('lossy'), '; ',
    h('span', { class: 'count count--conflict' }, `${plural(conflicts, 'pair')} with a revision conflict`),
  ];
}

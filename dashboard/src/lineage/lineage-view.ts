import { describeError } from '../api/http.js';
import { fetchReport } from '../api/registry-api.js';
import type { LayoutSummary, LineageSummary } from '../api/types.js';
import { h } from '../dom/h.js';
import { lineageSteps, type LineageStep } from './lineage-steps.js';

export const ALL_LINEAGES = '';

// A picker that narrows the matrix and the timeline to one lineage, and that lineage's history
// as a line of layouts, each step with the verdict of its registration's comparison.
export class LineageView {
  private readonly select: HTMLSelectElement;
  private readonly line: HTMLOListElement;
  private lineages: LineageSummary[] = [];
  private layouts: readonly LayoutSummary[] = [];
  private drawn = '';

  constructor(
    root: HTMLElement,
    private readonly onChoose: (lineage: LineageSummary | undefined) => void,
    private readonly onOpenPair: (from: string, to: string) => void,
  ) {
    this.select = h('select', { id: 'lineage-select', class: 'lineage__select' });
    this.select.addEventListener('change', () => {
      this.drawLine();
      this.onChoose(this.selected());
    });
    this.line = h('ol', { class: 'lineage__line', 'aria-label': 'The lineage’s layouts, oldest first, with the verdict of each step' });
    root.append(h('label', { class: 'lineage__label', for: 'lineage-select' }, 'Lineage '), this.select, this.line);
  }

  setData(lineages: LineageSummary[], layouts: readonly LayoutSummary[]): void {
    const keep = this.select.value;
    this.lineages = lineages;
    this.layouts = layouts;
    const options = [h('option', { value: ALL_LINEAGES }, 'All lineages'), ...lineages.map((l) => h('option', { value: l.name }, `${l.name} (${l.layouts.length})`))];
    this.select.replaceChildren(...options);
    this.select.value = lineages.some((l) => l.name === keep) ? keep : ALL_LINEAGES;
    this.drawLine();
  }

  selected(): LineageSummary | undefined {
    return this.lineages.find((l) => l.name === this.select.value);
  }

  private drawLine(): void {
    const lineage = this.selected();
    const key = lineage === undefined ? '' : `${lineage.name}:${lineage.layouts.join(',')}`;
    if (key === this.drawn) {
      return;
    }
    this.drawn = key;
    if (lineage === undefined) {
      this.line.replaceChildren(h('li', { class: 'lineage__hint' }, 'Choose a lineage to see its history.'));
      return;
    }
    const head = lineage.branchesFrom === null ? 'branches from nothing' : `branches from ${lineage.branchesFrom}`;
    this.line.replaceChildren(
      h('li', { class: 'lineage__origin' }, head),
      ...lineageSteps(lineage, this.lineages, this.layouts).map((step) => this.stepItem(step)),
    );
  }

  private stepItem(step: LineageStep): HTMLLIElement {
    const verdict = h('span', { class: 'lineage__verdict', 'data-verdict': step.previous === undefined ? 'first' : 'loading' }, step.previous === undefined ? 'first layout' : '…');
    const item = h('li', { class: 'lineage__step', 'data-layout': step.layout }, h('span', { class: 'lineage__name' }, step.layout), verdict);
    const previous = step.previous;
    if (previous !== undefined) {
      const open = h('button', { type: 'button', class: 'lineage__pair', title: `Compare ${previous} with ${step.layout}` }, `from ${previous}`);
      open.addEventListener('click', () => this.onOpenPair(previous, step.layout));
      item.insertBefore(open, verdict);
      void this.fillVerdict(verdict, previous, step.layout);
    }
    return item;
  }

  private async fillVerdict(el: HTMLElement, from: string, to: string): Promise<void> {
    try {
      const r = await fetchReport(from, to);
      const words = [r.verdict, r.inPlace ? 'in place' : 'fields move', ...(r.revisionConflict ? ['revision conflict'] : [])];
      el.textContent = words.join(' · ');
      el.dataset['verdict'] = r.revisionConflict ? 'conflict' : r.verdict;
    } catch (error) {
      el.textContent = `no report: ${describeError(error)}`;
      el.dataset['verdict'] = 'error';
    }
  }
}

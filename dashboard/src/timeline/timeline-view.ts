import type { LayoutSummary, StoredEvent } from '../api/types.js';
import { h } from '../dom/h.js';
import { plural, shortTime } from '../format/format.js';
import { describeEvent } from './describe-event.js';
import type { EventKind } from './describe-event.js';

const FILTERS: { kinds: EventKind[]; label: string }[] = [
  { kinds: ['registered'], label: 'Registrations' },
  { kinds: ['deprecated'], label: 'Deprecations' },
  { kinds: ['annotated'], label: 'Annotations' },
  { kinds: ['alias', 'policy', 'other'], label: 'Other' },
];

// Newest first: a live event lands on top, marked until the reader has seen it.
export class TimelineView {
  private readonly list: HTMLOListElement;
  private readonly count: HTMLElement;
  private only: ReadonlySet<string> | undefined; // a lineage's layouts; undefined: every event

  constructor(
    root: HTMLElement,
    private readonly findLayoutSummary: (name: string) => LayoutSummary | undefined,
    private readonly onSelectLayout: (name: string) => void,
  ) {
    this.list = h('ol', { class: 'timeline__list', 'aria-label': 'Registry events, newest first' });
    this.count = h('span', { class: 'timeline__count' });
    root.append(h('div', { class: 'timeline__filters', role: 'group', 'aria-label': 'Show events of kind' }, ...FILTERS.map((f) => this.filterButton(f.kinds, f.label))), this.count, this.list);
  }

  showAll(events: readonly StoredEvent[]): void {
    const items = [...events].reverse().map((e) => this.item(e, false));
    this.list.replaceChildren(...(items.length > 0 ? items : [h('li', { class: 'timeline__empty' }, 'No events recorded yet.')]));
    this.updateCount();
  }

  prepend(events: readonly StoredEvent[]): void {
    this.list.querySelector('.timeline__empty')?.remove();
    for (const event of events) {
      this.list.prepend(this.item(event, true));
    }
    this.updateCount();
  }

  // Only the events about these layouts (a lineage's), or every event again.
  filterLayouts(names: ReadonlySet<string> | undefined): void {
    this.only = names;
    for (const item of this.list.querySelectorAll<HTMLLIElement>('.event')) {
      this.applyFilter(item);
    }
    this.updateCount();
  }

  private applyFilter(item: HTMLLIElement): void {
    const layout = item.dataset['layout'];
    item.classList.toggle('is-outside-lineage', this.only !== undefined && (layout === undefined || !this.only.has(layout)));
  }

  private updateCount(): void {
    this.count.textContent = plural(this.list.querySelectorAll('.event:not(.is-outside-lineage)').length, 'event');
  }

  private filterButton(kinds: EventKind[], label: string): HTMLButtonElement {
    const button = h('button', { type: 'button', class: `chip chip--${kinds[0] ?? 'other'}`, 'aria-pressed': 'true' }, label);
    button.addEventListener('click', () => {
      const shown = button.getAttribute('aria-pressed') !== 'true';
      button.setAttribute('aria-pressed', String(shown));
      for (const kind of kinds) {
        this.list.classList.toggle(`hide-${kind}`, !shown);
      }
    });
    return button;
  }

  private item(event: StoredEvent, fresh: boolean): HTMLLIElement {
    const s = describeEvent(event, this.findLayoutSummary);
    const layout = s.layout;
    const name =
      layout === undefined
        ? null
        : h('button', { type: 'button', class: 'event__layout', title: `Show ${layout} in the matrix` }, layout);
    name?.addEventListener('click', () => {
      if (layout !== undefined) {
        this.onSelectLayout(layout);
      }
    });
    const facts = h(
      'dl',
      { class: 'event__facts' },
      ...fact('revision', s.revision),
      ...fact('kernel', s.kernel),
    );
    const item = h(
      'li',
      { class: `event event--${s.kind}${fresh ? ' is-new' : ''}`, 'data-kind': s.kind, 'data-position': event.position, 'data-layout': layout },
      h('span', { class: 'event__glyph', 'aria-hidden': 'true' }, s.glyph),
      h(
        'div',
        { class: 'event__body' },
        h('p', { class: 'event__title' }, h('span', { class: `event__type` }, s.label), ' ', name, ...s.tags.map((t) => h('span', { class: 'tag' }, t))),
        facts.childElementCount > 0 ? facts : null,
        s.note === undefined ? null : h('p', { class: 'event__note', title: s.note }, s.note),
        h('p', { class: 'event__meta' }, `#${event.position} · `, h('time', { datetime: event.recordedAt }, shortTime(event.recordedAt))),
      ),
    );
    this.applyFilter(item);
    return item;
  }
}

function fact(term: string, value: string | undefined): HTMLElement[] {
  return value === undefined ? [] : [h('dt', {}, term), h('dd', { title: value }, value)];
}

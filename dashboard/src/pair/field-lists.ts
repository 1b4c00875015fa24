import type { CompatReport } from '../api/types.js';
import { h } from '../dom/h.js';
import { hexOffset } from '../format/format.js';

// The report as text: what a reader without the byte map (or without sight) needs.
export function renderFieldLists(report: CompatReport, toName: string): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'fields-heading' },
    h('h3', { id: 'fields-heading' }, 'Field changes'),
    chipList('Lost', 'lost', report.lost, `Every data field of the source has a place in ${toName}.`),
    chipList('Added', 'added', report.added, 'No new data fields.'),
    chipList('Resized', 'resized', report.resized, 'No field changes width.'),
    movedList(report),
    findingsList(report),
  );
}

function chipList(title: string, kind: string, entries: readonly { name: string }[], none: string): HTMLElement {
  return h(
    'div',
    { class: 'fieldlist' },
    h('h4', { class: 'fieldlist__title' }, `${title} (${entries.length})`),
    entries.length === 0
      ? h('p', { class: 'muted' }, none)
      : h('ul', { class: `chips chips--${kind}`, 'data-list': kind }, ...entries.map((e) => h('li', { class: `chip-static chip-static--${kind}` }, e.name))),
  );
}

function movedList(report: CompatReport): HTMLElement {
  return h(
    'details',
    { class: 'fieldlist' },
    h('summary', { class: 'fieldlist__title' }, `Moved (${report.moved.length})`),
    report.moved.length === 0
      ? h('p', { class: 'muted' }, 'No field moves: the conversion is a copy.')
      : h(
          'ul',
          { class: 'moved', 'data-list': 'moved' },
          ...report.moved.map((m) => h('li', {}, h('span', { class: 'mono' }, m.name), ` ${hexOffset(m.fromOffset)} → ${hexOffset(m.toOffset)}`, h('span', { class: 'muted' }, ` (${signed(m.toOffset - m.fromOffset)})`))),
        ),
  );
}

function findingsList(report: CompatReport): HTMLElement {
  return h(
    'details',
    { class: 'fieldlist' },
    h('summary', { class: 'fieldlist__title' }, `Findings (${report.findings.length})`),
    h(
      'ul',
      { class: 'findings' },
      ...report.findings.map((f) =>
        h('li', { class: `finding finding--${f.severity}` }, h('span', { class: 'finding__rule' }, f.rule), ' ', h('span', {}, f.message)),
      ),
    ),
  );
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

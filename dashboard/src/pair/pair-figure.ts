import type { LayoutDetail } from '../api/types.js';
import { h } from '../dom/h.js';
import { bytes, hexOffset } from '../format/format.js';
import { renderByteMap } from './byte-map-view.js';
import { makeByteScale } from './byte-scale.js';
import { STATUS_LABEL } from './field-status.js';
import type { FieldStatus } from './field-status.js';
import { renderMoveLines } from './move-lines.js';
import { usedBytes } from './pair-data.js';
import type { PairData } from './pair-data.js';

const KEY: FieldStatus[] = ['same', 'moved', 'resized', 'lost', 'added', 'header', 'padding', 'view'];

// The two byte maps side by side on one scale, joined by the moved-field curves. Hovering a
// span lights up the same field on the other side and its curve.
export function renderPairFigure(pair: PairData, pxPerByte: number): HTMLElement {
  const size = Math.max(pair.from.size, pair.to.size);
  const scale = makeByteScale(Math.max(usedBytes(pair.from), usedBytes(pair.to)), size, pxPerByte);
  const maps = h(
    'div',
    { class: 'pairmap__maps', 'aria-hidden': 'true' },
    renderByteMap(pair.from, 'from', pair.report, scale),
    renderMoveLines(pair.report.moved, pair.from, pair.to, scale),
    renderByteMap(pair.to, 'to', pair.report, scale),
  );
  maps.addEventListener('mouseover', (e) => highlight(maps, e.target));
  maps.addEventListener('mouseleave', () => highlight(maps, null));
  const caption = `Byte maps of ${pair.from.name} (left) and ${pair.to.name} (right), offsets 0 to ${hexOffset(size)}, with ${pair.report.moved.length} moved fields joined by lines; the lists beside it give the same facts as text`;
  return h(
    'figure',
    { class: 'pairmap' },
    // Focusable so the box scrolls from the keyboard; its label says what the picture shows.
    h(
      'div',
      { class: 'pairmap__scroll', tabindex: 0, role: 'region', 'aria-label': caption },
      h('div', { class: 'pairmap__heads' }, mapHead(pair.from, 'From'), h('span', { class: 'pairmap__arrow', 'aria-hidden': 'true' }, '→'), mapHead(pair.to, 'To')),
      maps,
    ),
    h('figcaption', { class: 'statuskey' }, ...KEY.map((s) => h('span', { class: 'statuskey__item' }, h('span', { class: `statuskey__swatch fld--${s}`, 'aria-hidden': 'true' }), STATUS_LABEL[s]))),
  );
}

function mapHead(layout: LayoutDetail, role: string): HTMLElement {
  return h(
    'div',
    { class: 'pairmap__head' },
    h('span', { class: 'pairmap__role' }, role),
    h('strong', { class: 'mono' }, layout.name),
    h('span', { class: 'pairmap__meta' }, `${layout.revision} · ${bytes(layout.size)} · ${layout.fields.length} fields`),
  );
}

function highlight(root: HTMLElement, target: EventTarget | null): void {
  for (const el of root.querySelectorAll('.is-hot')) {
    el.classList.remove('is-hot');
  }
  const hit = target instanceof Element ? target.closest('[data-field]') : null;
  const name = hit?.getAttribute('data-field');
  if (name === null || name === undefined) {
    return;
  }
  for (const el of root.querySelectorAll(`[data-field="${CSS.escape(name)}"]`)) {
    el.classList.add('is-hot');
  }
}

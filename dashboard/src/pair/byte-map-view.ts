import type { CompatReport, LayoutDetail, LayoutField } from '../api/types.js';
import { h } from '../dom/h.js';
import { hexOffset } from '../format/format.js';
import type { ByteScale } from './byte-scale.js';
import { fieldStatus, STATUS_LABEL } from './field-status.js';

const LABEL_MIN_PX = 11; // shorter spans get no text: the title and the lists below name them

// One layout as a vertical byte map: a ruler, a lane of header/data/padding spans and a narrow
// lane for union views, which overlay bytes that data fields already own.
export function renderByteMap(layout: LayoutDetail, side: 'from' | 'to', report: CompatReport, scale: ByteScale): HTMLElement {
  const lane = h('div', { class: 'bytemap__lane' });
  const views = h('div', { class: 'bytemap__views' });
  for (const field of layout.fields) {
    (field.role === 'view' ? views : lane).append(fieldSpan(field, side, report, scale));
  }
  const tail =
    scale.usedEnd < scale.size
      ? h('div', { class: 'bytemap__tail', style: `top:${scale.y(scale.usedEnd)}px;height:${scale.height - scale.y(scale.usedEnd)}px` }, `unused ${hexOffset(scale.usedEnd)}–${hexOffset(layout.size)}`)
      : null;
  return h(
    'div',
    { class: `bytemap bytemap--${side}`, style: `height:${scale.height}px`, 'data-layout': layout.name },
    ruler(scale, side),
    h('div', { class: 'bytemap__track' }, lane, tail),
    views,
  );
}

function fieldSpan(field: LayoutField, side: 'from' | 'to', report: CompatReport, scale: ByteScale): HTMLElement {
  const size = field.size > 0 ? field.size : 1;
  const top = scale.y(field.offset);
  const height = Math.max(1, scale.y(field.offset + size) - top);
  const status = fieldStatus(field, side, report);
  const name = field.count > 1 ? `${field.name}[${field.count}]` : field.name;
  const title = `${name} · ${field.type} · ${hexOffset(field.offset)}–${hexOffset(field.offset + size - 1)} (${size} bytes) · ${STATUS_LABEL[status]}`;
  return h(
    'div',
    { class: `fld fld--${status}`, style: `top:${top}px;height:${height}px`, title, 'data-field': field.name, 'data-status': status },
    height >= LABEL_MIN_PX ? h('span', { class: 'fld__label' }, name) : null,
  );
}

function ruler(scale: ByteScale, side: 'from' | 'to'): HTMLElement {
  return h(
    'div',
    { class: `bytemap__ruler bytemap__ruler--${side}`, 'aria-hidden': 'true' },
    ...scale.ticks.map((offset) => h('span', { class: 'tick', style: `top:${scale.y(offset)}px` }, hexOffset(offset))),
  );
}

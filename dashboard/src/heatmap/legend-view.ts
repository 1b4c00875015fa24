import { h } from '../dom/h.js';
import { CONFLICT_STYLE, VERDICT_STYLE } from './verdict-style.js';
import type { MarkStyle } from './verdict-style.js';

// The legend draws the same swatches as the cells: colour, glyph and the conflict corner.
export function renderLegend(): HTMLElement {
  const items = (Object.keys(VERDICT_STYLE) as (keyof typeof VERDICT_STYLE)[]).map((verdict) =>
    legendItem(`swatch cell--${verdict}`, VERDICT_STYLE[verdict]),
  );
  items.push(legendItem('swatch cell--blank cell--conflict', CONFLICT_STYLE));
  return h('ul', { class: 'legend', 'aria-label': 'Legend' }, ...items);
}

function legendItem(swatchClass: string, style: MarkStyle): HTMLLIElement {
  const glyph = swatchClass.includes('conflict') ? '' : style.glyph;
  return h(
    'li',
    { class: 'legend__item', title: style.description },
    h('span', { class: swatchClass, 'aria-hidden': 'true' }, glyph),
    h('span', { class: 'legend__text' }, h('strong', {}, style.label), h('span', { class: 'legend__desc' }, style.description)),
  );
}

import type { LayoutDetail, MovedField } from '../api/types.js';
import { svg } from '../dom/h.js';
import { hexOffset } from '../format/format.js';
import type { ByteScale } from './byte-scale.js';

export const LINES_WIDTH = 88;

// The band between the two byte maps: one curve per moved field, from the middle of its span
// on the left to the middle of its span on the right.
export function renderMoveLines(moved: readonly MovedField[], from: LayoutDetail, to: LayoutDetail, scale: ByteScale): SVGSVGElement {
  const w = LINES_WIDTH;
  const paths = moved.map((m) => {
    const y1 = scale.y(m.fromOffset + fieldSize(from, m.fromOffset) / 2);
    const y2 = scale.y(m.toOffset + fieldSize(to, m.toOffset) / 2);
    const path = svg('path', {
      class: 'moveline',
      d: `M0 ${y1.toFixed(1)} C${w / 2} ${y1.toFixed(1)} ${w / 2} ${y2.toFixed(1)} ${w} ${y2.toFixed(1)}`,
      'data-field': m.name,
    });
    path.append(svg('title', {}, `${m.name}: ${hexOffset(m.fromOffset)} → ${hexOffset(m.toOffset)}`));
    return path;
  });
  return svg(
    'svg',
    { class: 'movelines', width: w, height: Math.ceil(scale.height), viewBox: `0 0 ${w} ${Math.ceil(scale.height)}`, 'aria-hidden': 'true', focusable: 'false' },
    ...paths,
  );
}

function fieldSize(layout: LayoutDetail, offset: number): number {
  const field = layout.fields.find((f) => f.offset === offset && f.role === 'data');
  return field === undefined ? 0 : field.size;
}

import type { AbsentRange, ConversionPlan, PlanOp } from '../api/types.js';
import { formatRevision } from '../converter/blob-header.js';
import { h } from '../dom/h.js';
import { bytes, hexOffset, plural } from '../format/format.js';

// The conversion plan as the server built it: the same ops the blob converter and the emitted
// C run, in order.
export function renderPlanTable(plan: ConversionPlan): HTMLElement {
  const rows = plan.ops.map((op, i) => h('tr', {}, h('td', { class: 'num' }, i + 1), ...opCells(op)));
  const skipped = (plan.absent ?? []).map((range) => h('tr', { class: 'plan__absent' }, h('td', { class: 'num' }, '–'), ...absentCells(range)));
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'plan-heading' },
    h('h3', { id: 'plan-heading' }, 'Conversion plan'),
    h('p', { class: 'panel__meta' }, `${plural(plan.ops.length, 'op')} · ${plural(plan.copyRuns, 'copy run')} · ${bytes(plan.bytesCopied)} copied`, plan.id === undefined ? '' : ` · plan ${plan.id.slice(0, 12)}`),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'table plan' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, '#'), h('th', { scope: 'col' }, 'Op'), h('th', { scope: 'col' }, 'Source bytes'), h('th', { scope: 'col' }, 'Target bytes'), h('th', { scope: 'col' }, 'Detail'))),
        h('tbody', {}, ...rows, ...skipped),
      ),
    ),
  );
}

function range(offset: number, length: number): string {
  return length <= 0 ? hexOffset(offset) : `${hexOffset(offset)}–${hexOffset(offset + length - 1)}`;
}

function opCells(op: PlanOp): HTMLElement[] {
  switch (op.op) {
    case 'copy':
      return cells('copy', range(op.from, op.length), range(op.to, op.length), bytes(op.length));
    case 'resize':
      return cells(
        'resize',
        range(op.from, op.fromWidth * op.count),
        range(op.to, op.toWidth * op.count),
        `${op.field}: ${op.fromWidth} → ${op.toWidth} bytes${op.count > 1 ? ` × ${op.count}` : ''}`,
      );
    case 'revision':
      return cells('revision', '—', range(op.to, 4), `header := ${typeof op.value === 'number' ? formatRevision(op.value) : op.value}, shadow bit kept`);
    default:
      return cells(String((op as { op?: unknown }).op), '', '', JSON.stringify(op));
  }
}

// Not an op: bytes the plan leaves behind; a non-zero element there is reported lost.
function absentCells(r: AbsentRange): HTMLElement[] {
  const which = r.array ? `${r.field}[${r.firstIndex}…${r.firstIndex + r.count - 1}]` : r.field;
  return cells('absent', range(r.from, r.width * r.count), '—', `${which}: no place in the target`);
}

function cells(kind: string, source: string, target: string, detail: string): HTMLElement[] {
  return [h('td', {}, h('span', { class: `op op--${kind}` }, kind)), h('td', { class: 'mono' }, source), h('td', { class: 'mono' }, target), h('td', {}, detail)];
}

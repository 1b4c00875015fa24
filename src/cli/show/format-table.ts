import type { FieldView } from '../../contract/views';
import { formatRevision } from '../../core/layouts/layout';
import type { LayoutField } from '../../core/layouts/layout';
import { describeOrigin, type NamedLayout } from '../layouts/named-layout';
import { layoutTable, type LayoutTable } from './layout-table';

export const SHOW_FORMATS = ['text', 'json'] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];

export function formatShow(l: NamedLayout, format: ShowFormat): string {
  const table = layoutTable(l.layout);
  switch (format) {
    case 'text':
      return formatText(l, table);
    case 'json':
      return JSON.stringify(toJson(l, table), null, 2) + '\n';
  }
}

function formatText(l: NamedLayout, t: LayoutTable): string {
  const { layout } = l;
  const out = [
    `/* ${describeOrigin(l)}: revision ${formatRevision(layout.revision)}, ${layout.size}-byte blob, ${l.fingerprint} */`,
    `${pad('offset', 6)}  ${pad('size', 5)}  ${'type'.padEnd(16)}  ${'name'.padEnd(32)}  role`,
  ];
  for (const row of t.rows) {
    if (row.kind === 'hole') {
      out.push(`${pad(row.offset, 6)}  ${pad(row.size, 5)}  /* XXX ${row.size} bytes hole */`);
    } else {
      const f = row.field;
      out.push(`${pad(f.offset, 6)}  ${pad(f.size, 5)}  ${typeOf(f).padEnd(16)}  ${f.name.padEnd(32)}  ${f.role}${bitsOf(f)}`);
    }
  }
  const r = t.bytesByRole;
  out.push(
    `/* used: ${t.used} bytes: header ${r.header}, data ${r.data}, padding ${r.padding}, holes ${t.holes} (${t.holeCount} hole${t.holeCount === 1 ? '' : 's'}); views overlay ${r.view} */`,
    `/* free: ${t.free} bytes to the ${layout.size}-byte blob size */`,
  );
  return out.join('\n') + '\n';
}

function typeOf(f: LayoutField): string {
  return f.count > 1 ? `${f.type}[${f.count}]` : f.type;
}

function bitsOf(f: LayoutField): string {
  return f.bitfields ? ` {${f.bitfields.map((b) => `${b.name}:${b.bits}`).join(', ')}}` : '';
}

function pad(value: string | number, width: number): string {
  return String(value).padStart(width);
}

type ShowRow = { kind: 'hole'; offset: number; size: number } | ({ kind: 'field' } & Pick<FieldView, 'name' | 'type' | 'count' | 'offset' | 'size' | 'role'>);

// The layout's members as GET /layouts/:name names them (FieldView), with the holes between.
function toJson(l: NamedLayout, t: LayoutTable): Record<string, unknown> {
  return {
    name: l.name,
    origin: l.origin,
    revision: formatRevision(l.layout.revision),
    size: l.layout.size,
    fingerprint: l.fingerprint,
    rows: t.rows.map((row): ShowRow =>
      row.kind === 'hole'
        ? { kind: 'hole', offset: row.offset, size: row.size }
        : { kind: 'field', name: row.field.name, type: row.field.type, count: row.field.count, offset: row.field.offset, size: row.field.size, role: row.field.role },
    ),
    used: t.used,
    free: t.free,
    holes: t.holes,
    holeCount: t.holeCount,
    bytesByRole: t.bytesByRole,
  };
}

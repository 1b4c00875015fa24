import { encodingFor } from '../../core/catalog/encodings';
import { formatEncoding } from '../../core/compat/compat-report';
import type { FieldView, LayoutSummaryView, LayoutView } from '../../contract/views';
import type { LayoutFieldRow, LayoutRow } from '../../core/projections/read-rows';

// The JSON users see for a layout (API.md "Layouts"), built from the read-model rows.
export function layoutSummary(row: LayoutRow): LayoutSummaryView {
  return {
    name: row.name,
    revision: row.revision,
    size: row.size,
    fingerprint: row.fingerprint,
    format: row.format,
    kernel: row.annotations.kernel ?? row.provenance?.kernel ?? null,
    provenance: row.provenance,
    annotations: row.annotations,
    imported: row.imported,
    deprecated: row.deprecated,
    deprecationReason: row.deprecationReason,
    registeredAt: row.registeredAt,
    position: row.position,
    lineage: row.lineage,
  };
}

export function layoutDetail(row: LayoutRow & { fields: LayoutFieldRow[] }): LayoutView {
  return { ...layoutSummary(row), fieldCount: row.fields.length, fields: row.fields.map(fieldView) };
}

function fieldView(f: LayoutFieldRow): FieldView {
  const out: FieldView = { name: f.name, type: f.type, count: f.count, offset: f.offset, size: f.size, role: f.role };
  if (f.bitfields) {
    out.bitfields = f.bitfields;
  }
  const encoding = f.role === 'data' ? formatEncoding(encodingFor(f.name)?.encoding) : undefined;
  if (encoding) {
    out.encoding = encoding;
  }
  if (f.line !== null && f.column !== null) {
    out.line = f.line;
    out.column = f.column;
  }
  return out;
}

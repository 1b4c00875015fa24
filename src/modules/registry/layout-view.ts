import { encodingFor } from '../../core/catalog/encodings';
import type { LayoutFieldRow, LayoutRow } from '../../infra/projections/read-model';

// The JSON users see for a layout (API.md "Layouts"), built from the read-model rows.
export function layoutSummary(row: LayoutRow): Record<string, unknown> {
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
  };
}

export function layoutDetail(row: LayoutRow & { fields: LayoutFieldRow[] }): Record<string, unknown> {
  return {
    ...layoutSummary(row),
    fieldCount: row.fields.length,
    fields: row.fields.map((f) => {
      const out: Record<string, unknown> = { name: f.name, type: f.type, count: f.count, offset: f.offset, size: f.size, role: f.role };
      if (f.bitfields) {
        out.bitfields = f.bitfields;
      }
      const enc = f.role === 'data' ? encodingFor(f.name) : undefined;
      if (enc) {
        out.encoding = '0x' + enc.encoding.toString(16).padStart(8, '0');
      }
      if (f.line !== null) {
        out.line = f.line;
        out.column = f.column;
      }
      return out;
    }),
  };
}

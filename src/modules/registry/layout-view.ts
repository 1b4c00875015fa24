import { encodingFor } from '../../core/catalog/encodings';
import type { PolicyChangedData } from '../../core/events/events';
import type { LayoutFieldRow, LayoutRow } from '../../infra/projections/read-model';
import type { CurrentPolicy, LineageWithLayouts } from '../../infra/projections/registry-read-model';

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
    lineage: row.lineage,
  };
}

// GET /lineages/:name. `policy` is the lineage's override (null: the global one applies);
// `effectivePolicy` is what gates its next registration either way.
export interface LineageView {
  name: string;
  branchesFrom: string | null;
  layouts: string[];
  latest: string | null;
  policy: PolicyChangedData | null;
  effectivePolicy: PolicyChangedData;
  position: number;
}

export function lineageView(row: LineageWithLayouts, global: CurrentPolicy): LineageView {
  const { position: _p, ...globalPolicy } = global;
  return {
    name: row.name,
    branchesFrom: row.branchesFrom,
    layouts: row.layouts,
    latest: row.layouts.at(-1) ?? null,
    policy: row.policy,
    effectivePolicy: row.policy ?? globalPolicy,
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

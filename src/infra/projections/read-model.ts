import type { Annotations } from '../../core/events/registry-state';
import { mergeAnnotations } from '../../core/events/registry-state';
import type { PolicyChangedData, Provenance, StoredEvent } from '../../core/events/events';
import { lineageOf } from '../../core/events/events';
import type { LayoutFormatId } from '../../core/formats/format-ids';
import type { FieldType } from '../../core/layouts/field-types';
import type { FieldRole } from '../../core/layouts/layout';
import { assertNever } from '../../core/errors';

// The read models as plain rows, and the one function that says how an event changes them.
// Both the live projector (a few rows loaded per append) and the rebuild (every row in memory)
// run projectEvent, so the two cannot disagree about what a row looks like.

export interface LayoutRow {
  name: string;
  position: number; // of LayoutRegistered: registration order
  revision: string;
  size: number;
  fingerprint: string;
  format: LayoutFormatId;
  source: string;
  provenance: Provenance | null;
  imported: boolean;
  deprecated: boolean;
  deprecationReason: string | null;
  annotations: Annotations;
  registeredAt: string; // ISO 8601, recordedAt of LayoutRegistered
  updatedPosition: number;
  lineage: string;
}

export interface LineageRow {
  name: string;
  branchesFrom: string | null;
  position: number; // of its first LayoutRegistered
  policy: PolicyChangedData | null;
  updatedPosition: number;
}

export interface ReservedRow {
  name: string;
  reason: string;
  position: number;
}

export interface LayoutFieldRow {
  layoutName: string;
  ordinal: number; // declaration order from 0
  name: string;
  type: FieldType;
  count: number;
  offset: number;
  size: number;
  role: FieldRole;
  bitfields: { name: string; bits: number }[] | null;
  line: number | null;
  column: number | null;
}

export interface AliasRow {
  from: string;
  to: string;
  position: number;
}

export interface PolicyRow {
  mode: string;
  transitive: boolean;
  sameRevision: string;
  position: number;
}

// A working set of rows. The live projector fills `layouts` with just the rows its events
// touch; the rebuild holds everything.
export interface ReadModel {
  layouts: Map<string, LayoutRow>;
  fields: Map<string, LayoutFieldRow[]>; // only for layouts created in this working set
  aliases: Map<string, AliasRow>;
  lineages: Map<string, LineageRow>; // the live projector loads the ones its events touch
  reserved: Map<string, ReservedRow>;
  policy: PolicyRow | null;
  position: number; // checkpoint: last event applied
}

export type RowChange =
  | { kind: 'layout-created'; name: string }
  | { kind: 'layout-updated'; name: string }
  | { kind: 'alias'; from: string }
  | { kind: 'lineage'; name: string }
  | { kind: 'reserved'; name: string }
  | { kind: 'policy' }
  | { kind: 'none' };

export function emptyReadModel(): ReadModel {
  return { layouts: new Map(), fields: new Map(), aliases: new Map(), lineages: new Map(), reserved: new Map(), policy: null, position: 0 };
}

export const REGISTRY_PROJECTION = 'registry';

// Mutates `model`. An event about a layout the model does not hold changes nothing, like an
// UPDATE that matches no row; a second registration of a name throws, like the primary key.
export function projectEvent(model: ReadModel, event: StoredEvent): RowChange {
  model.position = event.position;
  switch (event.type) {
    case 'LayoutRegistered': {
      const d = event.data;
      if (model.layouts.has(d.name)) {
        throw new Error(`read model: layout ${d.name} is already registered (position ${event.position})`);
      }
      model.layouts.set(d.name, {
        name: d.name,
        position: event.position,
        revision: d.revision,
        size: d.size,
        fingerprint: d.fingerprint,
        format: d.format,
        source: d.source,
        provenance: d.provenance ?? null,
        imported: d.imported === true,
        deprecated: false,
        deprecationReason: null,
        annotations: {},
        registeredAt: event.recordedAt,
        updatedPosition: event.position,
        lineage: lineageOf(d),
      });
      model.fields.set(
        d.name,
        d.fields.map((f, ordinal) => ({
          layoutName: d.name,
          ordinal,
          name: f.name,
          type: f.type,
          count: f.count,
          offset: f.offset,
          size: f.size,
          role: f.role,
          bitfields: f.bitfields ?? null,
          line: f.line ?? null,
          column: f.column ?? null,
        })),
      );
      const lineage = lineageOf(d);
      if (!model.lineages.has(lineage)) {
        model.lineages.set(lineage, { name: lineage, branchesFrom: d.branchesFrom ?? null, position: event.position, policy: null, updatedPosition: event.position });
      }
      return { kind: 'layout-created', name: d.name };
    }
    case 'LayoutDeprecated':
      return updateLayout(model, event.data.name, (row) => {
        row.deprecated = true;
        row.deprecationReason = event.data.reason;
      }, event.position);
    case 'LayoutAnnotated':
      return updateLayout(model, event.data.name, (row) => {
        row.annotations = mergeAnnotations(row.annotations, event.data);
      }, event.position);
    case 'FieldAliasDeclared':
      model.aliases.set(event.data.from, { from: event.data.from, to: event.data.to, position: event.position });
      return { kind: 'alias', from: event.data.from };
    case 'PolicyChanged':
      model.policy = {
        mode: event.data.mode,
        transitive: event.data.transitive,
        sameRevision: event.data.sameRevision,
        position: event.position,
      };
      return { kind: 'policy' };
    case 'LineagePolicyChanged': {
      const row = model.lineages.get(event.data.lineage);
      if (!row) {
        return { kind: 'none' };
      }
      row.policy = event.data.policy ? { ...event.data.policy } : null;
      row.updatedPosition = event.position;
      return { kind: 'lineage', name: row.name };
    }
    case 'ReservedNameDeclared':
      model.reserved.set(event.data.name, { name: event.data.name, reason: event.data.reason, position: event.position });
      return { kind: 'reserved', name: event.data.name };
    default:
      return assertNever(event, 'event');
  }
}

function updateLayout(model: ReadModel, name: string, change: (row: LayoutRow) => void, position: number): RowChange {
  const row = model.layouts.get(name);
  if (!row) {
    return { kind: 'none' };
  }
  change(row);
  row.updatedPosition = position;
  return { kind: 'layout-updated', name };
}

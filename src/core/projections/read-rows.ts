import type { CanonicalFieldData, FieldAliasDeclaredData, LayoutRegisteredData, PolicyChangedData, Provenance, ReservedNameDeclaredData } from '../events/events';
import { lineageOf } from '../events/events';
import type { Annotations, LayoutState, LineageState, RegistryState } from './registry-state';

// The read models are rows of the folded state (evolve.ts): one per layout, per field, per
// lineage, per alias, per reserved name, and one for the policy once it was set. Absent
// optional members are SQL NULL here, never missing. src/infra/projections persists these
// rows; it computes none of them.

// What a registration recorded of a layout, with the projection's columns beside it.
export type LayoutRow = Pick<LayoutRegisteredData, 'name' | 'revision' | 'size' | 'fingerprint' | 'format' | 'source'> & {
  position: number; // of LayoutRegistered: registration order
  provenance: Provenance | null;
  imported: boolean;
  deprecated: boolean;
  deprecationReason: string | null;
  annotations: Annotations;
  registeredAt: string; // ISO 8601, recordedAt of LayoutRegistered
  updatedPosition: number;
  lineage: string;
};

export interface LineageRow {
  name: string;
  branchesFrom: string | null;
  position: number; // of its first LayoutRegistered
  policy: PolicyChangedData | null;
  updatedPosition: number;
  layouts: string[]; // in history order: the last one is the head
}

// The events' data, and the position of the event that set it.
export type ReservedRow = ReservedNameDeclaredData & { position: number };

// A field as its registration recorded it, its optional members NULL when absent.
export type LayoutFieldRow = { layoutName: string; ordinal: number } & Nulled<CanonicalFieldData, 'bitfields' | 'line' | 'column'>; // ordinal: declaration order from 0

type Nulled<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> | null };

export type AliasRow = FieldAliasDeclaredData & { position: number };

export type PolicyRow = PolicyChangedData & { position: number };

// Every row of a state, in the order its maps hold them (registration, declaration order).
export interface ReadRows {
  layouts: LayoutRow[];
  fields: LayoutFieldRow[];
  lineages: LineageRow[];
  aliases: AliasRow[];
  reserved: ReservedRow[];
  policy: PolicyRow | null;
  position: number; // the checkpoint: last event folded
}

export function layoutRow(layout: LayoutState): LayoutRow {
  const d = layout.registered;
  return {
    name: d.name,
    position: layout.position,
    revision: d.revision,
    size: d.size,
    fingerprint: d.fingerprint,
    format: d.format,
    source: d.source,
    provenance: d.provenance ?? null,
    imported: d.imported === true,
    deprecated: layout.deprecated !== null,
    deprecationReason: layout.deprecated?.reason ?? null,
    annotations: layout.annotations,
    registeredAt: layout.registeredAt,
    updatedPosition: layout.updatedPosition,
    lineage: lineageOf(d),
  };
}

export function fieldRows(layout: LayoutState): LayoutFieldRow[] {
  const layoutName = layout.registered.name;
  return layout.registered.fields.map((f, ordinal) => ({
    layoutName,
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
  }));
}

export function lineageRow(lineage: LineageState): LineageRow {
  return {
    name: lineage.name,
    branchesFrom: lineage.branchesFrom,
    position: lineage.position,
    policy: lineage.policy,
    updatedPosition: lineage.updatedPosition,
    layouts: [...lineage.layouts],
  };
}

export function aliasRow(state: RegistryState, from: string): AliasRow | undefined {
  const alias = state.aliases.get(from);
  return alias && { from, to: alias.to, position: alias.position };
}

export function reservedRow(state: RegistryState, name: string): ReservedRow | undefined {
  const reserved = state.reserved.get(name);
  return reserved && { name, reason: reserved.reason, position: reserved.position };
}

// No row until a PolicyChanged: readers answer the default at position 0.
export function policyRow(state: RegistryState): PolicyRow | null {
  const { mode, transitive, sameRevision } = state.policy;
  return state.policyPosition > 0 ? { mode, transitive, sameRevision, position: state.policyPosition } : null;
}

export function readRows(state: RegistryState): ReadRows {
  const layouts = [...state.layouts.values()];
  return {
    layouts: layouts.map(layoutRow),
    fields: layouts.flatMap(fieldRows),
    lineages: [...state.lineages.values()].map(lineageRow),
    aliases: [...state.aliases.keys()].flatMap((from) => aliasRow(state, from) ?? []),
    reserved: [...state.reserved.keys()].flatMap((name) => reservedRow(state, name) ?? []),
    policy: policyRow(state),
    position: state.position,
  };
}

// The other way, for a projector that folds new events onto the rows they touch: a layout as
// its rows keep it. Optional members the rows hold as NULL (or false) come back absent, so
// layoutRow and fieldRows of the result give the same rows again. `branchesFrom` lives on the
// lineage row, so it does not come back here.
export function layoutFromRows(row: LayoutRow, fields: readonly LayoutFieldRow[]): LayoutState {
  const registered: LayoutRegisteredData = {
    name: row.name,
    revision: row.revision,
    size: row.size,
    fingerprint: row.fingerprint,
    format: row.format,
    source: row.source,
    fields: [...fields].sort((a, b) => a.ordinal - b.ordinal).map(fieldFromRow),
    lineage: row.lineage,
  };
  if (row.provenance !== null) {
    registered.provenance = row.provenance;
  }
  if (row.imported) {
    registered.imported = true;
  }
  return {
    registered,
    position: row.position,
    registeredAt: row.registeredAt,
    updatedPosition: row.updatedPosition,
    deprecated: row.deprecated ? { reason: row.deprecationReason ?? '' } : null,
    annotations: row.annotations,
  };
}

export function lineageFromRow(row: LineageRow): LineageState {
  return { ...row, layouts: [...row.layouts] };
}

function fieldFromRow(row: LayoutFieldRow): CanonicalFieldData {
  const out: CanonicalFieldData = { name: row.name, type: row.type, count: row.count, offset: row.offset, size: row.size, role: row.role };
  if (row.bitfields !== null) {
    out.bitfields = row.bitfields;
  }
  if (row.line !== null) {
    out.line = row.line;
  }
  if (row.column !== null) {
    out.column = row.column;
  }
  return out;
}

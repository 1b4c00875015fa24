import type { Annotations } from '../../core/projections/registry-state';
import type { Provenance } from '../../core/events/events';
import type { PolicyChangedData } from '../../core/events/events';
import type { Alias, Layout, LayoutField, Lineage, Policy, ReservedName } from '../../generated/prisma/client';
import { Prisma } from '../../generated/prisma/client';
import type { AliasRow, LayoutFieldRow, LayoutRow, LineageRow, PolicyRow, ReservedRow } from '../../core/projections/read-rows';

// Rows of src/core/projections/read-rows.ts ↔ Prisma models. The columns hold only what events carried, so the
// text columns are read back as the event types' unions. BigInt columns become numbers (positions stay far
// below 2^53), nullable JSON columns use SQL NULL (DbNull), never a JSON null.

const json = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;
const nullableJson = (value: unknown) => (value === null ? Prisma.DbNull : json(value));

export function toLayoutData(row: LayoutRow): Prisma.LayoutCreateManyInput {
  return {
    name: row.name,
    position: BigInt(row.position),
    revision: row.revision,
    size: row.size,
    fingerprint: row.fingerprint,
    format: row.format,
    source: row.source,
    provenance: nullableJson(row.provenance),
    imported: row.imported,
    deprecated: row.deprecated,
    deprecationReason: row.deprecationReason,
    annotations: json(row.annotations),
    registeredAt: new Date(row.registeredAt),
    updatedPosition: BigInt(row.updatedPosition),
    lineage: row.lineage,
  };
}

export function fromLayout(row: Layout): LayoutRow {
  return {
    name: row.name,
    position: Number(row.position),
    revision: row.revision,
    size: row.size,
    fingerprint: row.fingerprint,
    format: row.format as LayoutRow['format'],
    source: row.source,
    provenance: row.provenance as Provenance | null,
    imported: row.imported,
    deprecated: row.deprecated,
    deprecationReason: row.deprecationReason,
    annotations: row.annotations as Annotations,
    registeredAt: row.registeredAt.toISOString(),
    updatedPosition: Number(row.updatedPosition),
    lineage: row.lineage,
  };
}

export function toFieldData(row: LayoutFieldRow): Prisma.LayoutFieldCreateManyInput {
  return { ...row, bitfields: nullableJson(row.bitfields) };
}

export function fromField(row: LayoutField): LayoutFieldRow {
  return { ...row, type: row.type as LayoutFieldRow['type'], role: row.role as LayoutFieldRow['role'], bitfields: row.bitfields as LayoutFieldRow['bitfields'] };
}

export function toAliasData(row: AliasRow): Prisma.AliasCreateManyInput {
  return { ...row, position: BigInt(row.position) };
}

export function fromAlias(row: Alias): AliasRow {
  return { ...row, position: Number(row.position) };
}

export function toPolicyData(row: PolicyRow): Prisma.PolicyCreateManyInput {
  return { id: 1, ...row, position: BigInt(row.position) };
}

export function fromPolicy(row: Policy): PolicyRow {
  return { mode: row.mode as PolicyRow['mode'], transitive: row.transitive, sameRevision: row.sameRevision as PolicyRow['sameRevision'], position: Number(row.position) };
}

export function toLineageData(row: LineageRow): Prisma.LineageCreateManyInput {
  return { ...row, position: BigInt(row.position), updatedPosition: BigInt(row.updatedPosition), policy: nullableJson(row.policy) };
}

export function fromLineage(row: Lineage): LineageRow {
  return {
    name: row.name,
    branchesFrom: row.branchesFrom,
    position: Number(row.position),
    policy: row.policy as PolicyChangedData | null,
    updatedPosition: Number(row.updatedPosition),
    layouts: row.layouts,
  };
}

export function toReservedData(row: ReservedRow): Prisma.ReservedNameCreateManyInput {
  return { ...row, position: BigInt(row.position) };
}

export function fromReserved(row: ReservedName): ReservedRow {
  return { ...row, position: Number(row.position) };
}

// The same rows keyed by SQL column name, for the rebuild's bulk inserts (insertJsonRows).
// JSON null becomes SQL NULL there, as DbNull does through Prisma.
export const LAYOUT_COLUMNS = [
  'name', 'position', 'revision', 'size', 'fingerprint', 'format', 'source', 'provenance', 'imported',
  'deprecated', 'deprecation_reason', 'annotations', 'registered_at', 'updated_position', 'lineage',
] as const;

export function toLayoutColumns(row: LayoutRow): Record<(typeof LAYOUT_COLUMNS)[number], unknown> {
  return {
    name: row.name,
    position: row.position,
    revision: row.revision,
    size: row.size,
    fingerprint: row.fingerprint,
    format: row.format,
    source: row.source,
    provenance: row.provenance,
    imported: row.imported,
    deprecated: row.deprecated,
    deprecation_reason: row.deprecationReason,
    annotations: row.annotations,
    registered_at: row.registeredAt,
    updated_position: row.updatedPosition,
    lineage: row.lineage,
  };
}

export const FIELD_COLUMNS = ['layout_name', 'ordinal', 'name', 'type', 'count', 'offset', 'size', 'role', 'bitfields', 'line', 'column'] as const;

export function toFieldColumns(row: LayoutFieldRow): Record<(typeof FIELD_COLUMNS)[number], unknown> {
  const { layoutName, ...rest } = row;
  return { layout_name: layoutName, ...rest };
}

export const ALIAS_COLUMNS = ['from_name', 'to_name', 'position'] as const;

export function toAliasColumns(row: AliasRow): Record<(typeof ALIAS_COLUMNS)[number], unknown> {
  return { from_name: row.from, to_name: row.to, position: row.position };
}

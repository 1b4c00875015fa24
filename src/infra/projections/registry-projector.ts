import type { StoredEvent } from '../../core/events/events';
import { foldWithChanges } from '../../core/projections/evolve';
import { layoutFromRows, lineageFromRow } from '../../core/projections/read-rows';
import type { LayoutState, LineageState, RegistryState } from '../../core/projections/registry-state';
import type { RowWrites } from '../../core/projections/row-writes';
import { rowWrites } from '../../core/projections/row-writes';
import type { WorkingSetKeys } from '../../core/projections/working-set';
import { workingSet, workingSetKeys } from '../../core/projections/working-set';
import type { Prisma } from '../../generated/prisma/client';
import { fromField, fromLayout, fromLineage, toAliasData, toFieldData, toLayoutData, toLineageData, toPolicyData, toReservedData } from './row-mapping';

// The read models' checkpoint: the last position they include.
export const REGISTRY_PROJECTION = 'registry';

// Updates the read models inside the append's own transaction: a reader never sees an event
// without its projection or the reverse, and a projection failure (a duplicate layout name,
// say) rolls the append back with it.
export interface EventProjector {
  apply(tx: Prisma.TransactionClient, events: StoredEvent[]): Promise<void>;
}

export const registryProjector: EventProjector = { apply: projectAppended };

// The events are folded by the core's fold (the one the write side keeps in memory) onto a
// working set, the registry as far as these events touch it, loaded from the read models; the
// rows the fold says changed are written, and nothing else.
export async function projectAppended(tx: Prisma.TransactionClient, events: StoredEvent[]): Promise<void> {
  const last = events.at(-1);
  if (!last) {
    return;
  }
  const { state, changes } = foldWithChanges(events, await loadWorkingSet(tx, workingSetKeys(events)));
  await writeRows(tx, rowWrites(state, changes));
  const position = BigInt(last.position);
  await tx.projectionCheckpoint.upsert({
    where: { name: REGISTRY_PROJECTION },
    create: { name: REGISTRY_PROJECTION, position },
    update: { position },
  });
}

async function loadWorkingSet(tx: Prisma.TransactionClient, keys: WorkingSetKeys): Promise<RegistryState> {
  const layouts: LayoutState[] = [];
  for (const name of keys.layouts) {
    const row = await tx.layout.findUnique({ where: { name }, include: { fields: true } });
    if (row) {
      layouts.push(layoutFromRows(fromLayout(row), row.fields.map(fromField)));
    }
  }
  const lineages: LineageState[] = [];
  for (const name of keys.lineages) {
    const row = await tx.lineage.findUnique({ where: { name } });
    if (row) {
      lineages.push(lineageFromRow(fromLineage(row)));
    }
  }
  return workingSet(layouts, lineages);
}

async function writeRows(tx: Prisma.TransactionClient, rows: RowWrites): Promise<void> {
  for (const { layout, fields } of rows.created) {
    const data = fields.map(toFieldData).map(({ layoutName: _l, ...f }) => f);
    await tx.layout.create({ data: { ...toLayoutData(layout), fields: { createMany: { data } } } });
  }
  for (const layout of rows.updated) {
    const { name, ...data } = toLayoutData(layout);
    await tx.layout.update({ where: { name }, data });
  }
  for (const alias of rows.aliases) {
    const data = toAliasData(alias);
    await tx.alias.upsert({ where: { from: alias.from }, create: data, update: data });
  }
  for (const lineage of rows.lineages) {
    const data = toLineageData(lineage);
    await tx.lineage.upsert({ where: { name: lineage.name }, create: data, update: data });
  }
  for (const reserved of rows.reserved) {
    const data = toReservedData(reserved);
    await tx.reservedName.upsert({ where: { name: reserved.name }, create: data, update: data });
  }
  if (rows.policy) {
    const data = toPolicyData(rows.policy);
    await tx.policy.upsert({ where: { id: 1 }, create: data, update: data });
  }
}

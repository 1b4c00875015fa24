import type { StoredEvent } from '../../core/events/events';
import type { Prisma } from '../../generated/prisma/client';
import type { ReadModel } from './read-model';
import { REGISTRY_PROJECTION, emptyReadModel, projectEvent } from './read-model';
import { lineageOf } from '../../core/events/events';
import { fromLayout, fromLineage, toAliasData, toFieldData, toLayoutData, toLineageData, toPolicyData, toReservedData } from './row-mapping';

// Updates the read models inside the append's own transaction: a reader never sees an event
// without its projection or the reverse, and a projection failure (a duplicate layout name,
// say) rolls the append back with it.
export interface EventProjector {
  apply(tx: Prisma.TransactionClient, events: StoredEvent[]): Promise<void>;
}

export const registryProjector: EventProjector = { apply: projectAppended };

export async function projectAppended(tx: Prisma.TransactionClient, events: StoredEvent[]): Promise<void> {
  const last = events.at(-1);
  if (!last) {
    return;
  }
  const model = emptyReadModel();
  const created = new Set<string>();
  const updated = new Set<string>();
  const aliases = new Set<string>();
  const lineages = new Set<string>();
  const reserved = new Set<string>();
  let policy = false;
  for (const event of events) {
    await loadTouchedLayout(tx, model, event);
    const lineage = await loadTouchedLineage(tx, model, event);
    const change = projectEvent(model, event);
    if (lineage !== undefined) {
      lineages.add(lineage); // created by its first layout, or a policy changed
    }
    switch (change.kind) {
      case 'layout-created':
        created.add(change.name);
        break;
      case 'layout-updated':
        updated.add(change.name);
        break;
      case 'alias':
        aliases.add(change.from);
        break;
      case 'policy':
        policy = true;
        break;
      case 'reserved':
        reserved.add(change.name);
        break;
      case 'lineage':
      case 'none':
        break;
    }
  }
  await writeLayouts(tx, model, created, updated);
  for (const from of aliases) {
    const data = toAliasData(must(model.aliases.get(from)));
    await tx.alias.upsert({ where: { from }, create: data, update: data });
  }
  for (const name of lineages) {
    const data = toLineageData(must(model.lineages.get(name)));
    await tx.lineage.upsert({ where: { name }, create: data, update: data });
  }
  for (const name of reserved) {
    const data = toReservedData(must(model.reserved.get(name)));
    await tx.reservedName.upsert({ where: { name }, create: data, update: data });
  }
  if (policy && model.policy) {
    const data = toPolicyData(model.policy);
    await tx.policy.upsert({ where: { id: 1 }, create: data, update: data });
  }
  const position = BigInt(last.position);
  await tx.projectionCheckpoint.upsert({
    where: { name: REGISTRY_PROJECTION },
    create: { name: REGISTRY_PROJECTION, position },
    update: { position },
  });
}

// Deprecations and annotations change an existing row, so that row joins the working set
// first (once per append). Registrations need nothing loaded: the primary key refuses a name
// that already exists.
async function loadTouchedLayout(tx: Prisma.TransactionClient, model: ReadModel, event: StoredEvent): Promise<void> {
  if (event.type !== 'LayoutDeprecated' && event.type !== 'LayoutAnnotated') {
    return;
  }
  const name = event.data.name;
  if (model.layouts.has(name)) {
    return;
  }
  const row = await tx.layout.findUnique({ where: { name } });
  if (row) {
    model.layouts.set(name, fromLayout(row));
  }
}

// The lineage row an event changes: a policy change, or a registration that opens the lineage
// (undefined when the lineage row already exists and the registration leaves it as it is).
async function loadTouchedLineage(tx: Prisma.TransactionClient, model: ReadModel, event: StoredEvent): Promise<string | undefined> {
  const name = event.type === 'LayoutRegistered' ? lineageOf(event.data) : event.type === 'LineagePolicyChanged' ? event.data.lineage : undefined;
  if (name === undefined) {
    return undefined;
  }
  if (!model.lineages.has(name)) {
    const row = await tx.lineage.findUnique({ where: { name } });
    if (row) {
      model.lineages.set(name, fromLineage(row));
    }
  }
  return event.type === 'LineagePolicyChanged' || !model.lineages.has(name) ? name : undefined;
}

async function writeLayouts(
  tx: Prisma.TransactionClient,
  model: ReadModel,
  created: Set<string>,
  updated: Set<string>,
): Promise<void> {
  for (const name of created) {
    const fields = (model.fields.get(name) ?? []).map(toFieldData).map(({ layoutName: _l, ...f }) => f);
    await tx.layout.create({ data: { ...toLayoutData(must(model.layouts.get(name))), fields: { createMany: { data: fields } } } });
  }
  for (const name of updated) {
    if (created.has(name)) {
      continue; // created above in its final state
    }
    const { name: _name, ...data } = toLayoutData(must(model.layouts.get(name)));
    await tx.layout.update({ where: { name }, data });
  }
}

function must<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new Error('projector: a changed row is missing from the working set');
  }
  return value;
}

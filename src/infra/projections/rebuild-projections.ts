import type { PrismaClient } from '../../generated/prisma/client';
import { foldWithChanges } from '../../core/projections/evolve';
import { readRows } from '../../core/projections/read-rows';
import { initialRegistryState } from '../../core/projections/registry-state';
import { insertJsonRows, lockAppends, toStoredEvent } from '../event-store/event-rows';
import { refuseDuplicate } from '../../core/projections/row-writes';
import { REGISTRY_PROJECTION } from './registry-projector';
import {
  ALIAS_COLUMNS,
  FIELD_COLUMNS,
  LAYOUT_COLUMNS,
  toAliasColumns,
  toFieldColumns,
  toLayoutColumns,
  toLineageData,
  toPolicyData,
  toReservedData,
} from './row-mapping';

export interface RebuildOptions {
  batchSize?: number; // events read per query
  insertChunk?: number; // rows per INSERT
  timeoutMs?: number; // of the one transaction; appends wait for it
}

export interface RebuildResult {
  events: number;
  position: number;
  layouts: number;
  layoutFields: number;
  aliases: number;
  lineages: number;
  reserved: number;
  policy: number;
  ms: number;
}

export const READ_MODEL_TABLES = ['layout_fields', 'layouts', 'aliases', 'lineages', 'reserved_names', 'policy', 'projection_checkpoints'] as const;

// Replaces every read model with the fold of the whole log, in one transaction: readers see the
// old tables until commit, never a half-built set. The fold runs in memory (the core's, which
// the live projector and the write side run too), its rows (readRows) go in with JSON bulk
// inserts, because a round trip per event, or even Prisma's createMany, would make a large
// rebuild take minutes. Holding the append lock means no append can slip in between the last
// event read and the commit.
export async function rebuildProjections(prisma: PrismaClient, options: RebuildOptions = {}): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? 5000;
  const chunk = options.insertChunk ?? 5000;
  const started = Date.now();
  return prisma.$transaction(
    async (tx) => {
      await lockAppends(tx);
      await tx.$executeRawUnsafe(`TRUNCATE ${READ_MODEL_TABLES.map((t) => `"${t}"`).join(', ')}`);
      let state = initialRegistryState();
      let events = 0;
      for (;;) {
        const rows = await tx.event.findMany({
          where: { position: { gt: BigInt(state.position) } },
          orderBy: { position: 'asc' },
          take: batchSize,
        });
        const folded = foldWithChanges(rows.map(toStoredEvent), state);
        folded.changes.forEach(refuseDuplicate);
        state = folded.state;
        events += rows.length;
        if (rows.length < batchSize) {
          break;
        }
      }
      const model = readRows(state);
      const layouts = model.layouts.map(toLayoutColumns);
      const fields = model.fields.map(toFieldColumns);
      const aliases = model.aliases.map(toAliasColumns);
      for (let i = 0; i < layouts.length; i += chunk) {
        await insertJsonRows(tx, 'layouts', LAYOUT_COLUMNS, layouts.slice(i, i + chunk));
      }
      for (let i = 0; i < fields.length; i += chunk) {
        await insertJsonRows(tx, 'layout_fields', FIELD_COLUMNS, fields.slice(i, i + chunk));
      }
      for (let i = 0; i < aliases.length; i += chunk) {
        await insertJsonRows(tx, 'aliases', ALIAS_COLUMNS, aliases.slice(i, i + chunk));
      }
      // A handful of rows each: Prisma's createMany is enough.
      await tx.lineage.createMany({ data: model.lineages.map(toLineageData) });
      await tx.reservedName.createMany({ data: model.reserved.map(toReservedData) });
      if (model.policy) {
        await tx.policy.create({ data: toPolicyData(model.policy) });
      }
      if (model.position > 0) {
        await tx.projectionCheckpoint.create({ data: { name: REGISTRY_PROJECTION, position: BigInt(model.position) } });
      }
      return {
        events,
        position: model.position,
        layouts: layouts.length,
        layoutFields: fields.length,
        aliases: aliases.length,
        lineages: model.lineages.length,
        reserved: model.reserved.length,
        policy: model.policy ? 1 : 0,
        ms: Date.now() - started,
      };
    },
    { timeout: options.timeoutMs ?? 10 * 60_000, maxWait: 60_000 },
  );
}

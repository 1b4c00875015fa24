import type { PolicyChangedData } from '../../core/events/events';
import { DEFAULT_POLICY } from '../../core/projections/registry-state';
import type { PrismaClient } from '../../generated/prisma/client';
import type { AliasRow, LayoutFieldRow, LayoutRow, LineageRow, ReservedRow } from '../../core/projections/read-rows';
import { REGISTRY_PROJECTION } from './registry-projector';
import { fromAlias, fromField, fromLayout, fromLineage, fromPolicy, fromReserved } from './row-mapping';


export type LayoutWithFields = LayoutRow & { fields: LayoutFieldRow[] };
export type CurrentPolicy = PolicyChangedData & { position: number }; // position 0: the default

// Queries over the read models. They are written in the append's transaction, so a read that
// starts after an append returned already sees it (read-your-writes across instances too).
export class RegistryReadModel {
  constructor(private readonly prisma: PrismaClient) {}

  // Registration order, as GET /layouts lists them.
  async listLayouts(): Promise<LayoutRow[]> {
    const rows = await this.prisma.layout.findMany({ orderBy: { position: 'asc' } });
    return rows.map(fromLayout);
  }

  async getLayout(name: string): Promise<LayoutWithFields | undefined> {
    const row = await this.prisma.layout.findUnique({
      where: { name },
      include: { fields: { orderBy: { ordinal: 'asc' } } },
    });
    return row ? { ...fromLayout(row), fields: row.fields.map(fromField) } : undefined;
  }

  async listLayoutsWithFields(): Promise<LayoutWithFields[]> {
    const rows = await this.prisma.layout.findMany({
      orderBy: { position: 'asc' },
      include: { fields: { orderBy: { ordinal: 'asc' } } },
    });
    return rows.map((row) => ({ ...fromLayout(row), fields: row.fields.map(fromField) }));
  }

  // Several names may share one content, hence a list.
  async findByFingerprint(fingerprint: string): Promise<LayoutRow[]> {
    const rows = await this.prisma.layout.findMany({ where: { fingerprint }, orderBy: { position: 'asc' } });
    return rows.map(fromLayout);
  }

  async listAliases(): Promise<AliasRow[]> {
    const rows = await this.prisma.alias.findMany({ orderBy: { position: 'asc' } });
    return rows.map(fromAlias);
  }

  // In the order of their first layouts, each with its layouts in history order.
  async listLineages(): Promise<LineageRow[]> {
    const rows = await this.prisma.lineage.findMany({ orderBy: { position: 'asc' } });
    return rows.map(fromLineage);
  }

  async getLineage(name: string): Promise<LineageRow | undefined> {
    const row = await this.prisma.lineage.findUnique({ where: { name } });
    return row ? fromLineage(row) : undefined;
  }

  async listReserved(): Promise<ReservedRow[]> {
    const rows = await this.prisma.reservedName.findMany({ orderBy: { position: 'asc' } });
    return rows.map(fromReserved);
  }

  async getPolicy(): Promise<CurrentPolicy> {
    const row = await this.prisma.policy.findUnique({ where: { id: 1 } });
    if (!row) {
      return { ...DEFAULT_POLICY, position: 0 };
    }
    return fromPolicy(row);
  }

  // The last event position the read models include; 0 before the first event.
  async checkpoint(): Promise<number> {
    const row = await this.prisma.projectionCheckpoint.findUnique({ where: { name: REGISTRY_PROJECTION } });
    return row ? Number(row.position) : 0;
  }
}

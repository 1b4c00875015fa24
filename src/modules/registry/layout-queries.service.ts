import { Injectable } from '@nestjs/common';
import { CoreError } from '../../core/errors';
import { isLayoutName } from '../../core/events/registry-state';
import type { StoredEvent } from '../../core/events/events';
import { RegistryInfra } from './registry-infra';
import { layoutDetail, layoutSummary, lineageView, type LineageView } from './layout-view';

// Reads served from the projections (read-model tables) and the log itself.
@Injectable()
export class LayoutQueries {
  constructor(private readonly infra: RegistryInfra) {}

  async list(filter: { revision?: string; deprecated?: boolean } = {}): Promise<Record<string, unknown>[]> {
    const rows = await this.infra.readModel.listLayouts();
    return rows
      .filter((r) => filter.revision === undefined || r.revision === filter.revision.toLowerCase())
      .filter((r) => filter.deprecated === undefined || r.deprecated === filter.deprecated)
      .map(layoutSummary);
  }

  async listWithFields(): Promise<Record<string, unknown>[]> {
    return (await this.infra.readModel.listLayoutsWithFields()).map(layoutDetail);
  }

  async get(name: string): Promise<Record<string, unknown>> {
    const row = isLayoutName(name) ? await this.infra.readModel.getLayout(name) : undefined;
    if (!row) {
      throw new CoreError('NOT_FOUND', `no layout named ${JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name)}`, { name: name.slice(0, 100) });
    }
    return layoutDetail(row);
  }

  async exists(name: string): Promise<boolean> {
    return isLayoutName(name) && (await this.infra.readModel.getLayout(name)) !== undefined;
  }

  events(after: number, limit: number): Promise<StoredEvent[]> {
    return this.infra.store.readAll(after, limit);
  }

  verify(): ReturnType<RegistryInfra['store']['verify']> {
    return this.infra.store.verify();
  }

  async aliases(): Promise<{ from: string; to: string; position: number }[]> {
    return this.infra.readModel.listAliases();
  }

  async lineages(): Promise<LineageView[]> {
    const [rows, global] = await Promise.all([this.infra.readModel.listLineages(), this.infra.readModel.getPolicy()]);
    return rows.map((row) => lineageView(row, global));
  }

  async lineage(name: string): Promise<LineageView> {
    const [row, global] = await Promise.all([this.infra.readModel.getLineage(name), this.infra.readModel.getPolicy()]);
    if (!row) {
      throw new CoreError('NOT_FOUND', `no lineage named ${name}`, { lineage: name });
    }
    return lineageView(row, global);
  }

  async reserved(): Promise<{ name: string; reason: string; position: number }[]> {
    return this.infra.readModel.listReserved();
  }

  async policy(): Promise<Record<string, unknown>> {
    const { position, ...policy } = await this.infra.readModel.getPolicy();
    return { ...policy, position };
  }
}

import { Injectable } from '@nestjs/common';
import { CoreError } from '../../core/errors';
import { isLayoutName } from '../../core/projections/registry-state';
import type { LayoutSummaryView, LayoutView } from '../../contract/views';
import { RegistryReadModel } from '../../infra/projections/registry-read-model';
import { layoutDetail, layoutSummary } from './layout-view';

// Layouts as the read model (projection tables) holds them.
@Injectable()
export class LayoutQueries {
  constructor(private readonly readModel: RegistryReadModel) {}

  async list(filter: { revision?: string; deprecated?: boolean } = {}): Promise<LayoutSummaryView[]> {
    const rows = await this.readModel.listLayouts();
    return rows
      .filter((r) => filter.revision === undefined || r.revision === filter.revision.toLowerCase())
      .filter((r) => filter.deprecated === undefined || r.deprecated === filter.deprecated)
      .map(layoutSummary);
  }

  async listWithFields(): Promise<LayoutView[]> {
    return (await this.readModel.listLayoutsWithFields()).map(layoutDetail);
  }

  async get(name: string): Promise<LayoutView> {
    const row = isLayoutName(name) ? await this.readModel.getLayout(name) : undefined;
    if (!row) {
      throw new CoreError('NOT_FOUND', `no layout named ${JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name)}`, { name: name.slice(0, 100) });
    }
    return layoutDetail(row);
  }

  async exists(name: string): Promise<boolean> {
    return isLayoutName(name) && (await this.readModel.getLayout(name)) !== undefined;
  }
}

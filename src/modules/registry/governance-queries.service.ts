import { Injectable } from '@nestjs/common';
import { CoreError } from '../../core/errors';
import type { AliasView, LineageView, PolicyView, ReservedView } from '../../contract/views';
import { RegistryReadModel } from '../../infra/projections/registry-read-model';
import { lineageView } from './lineage-view';

// Field renames, lineages, reserved names and the registration policy, from the read model.
@Injectable()
export class GovernanceQueries {
  constructor(private readonly readModel: RegistryReadModel) {}

  async aliases(): Promise<AliasView[]> {
    return this.readModel.listAliases();
  }

  async lineages(): Promise<LineageView[]> {
    const [rows, global] = await Promise.all([this.readModel.listLineages(), this.readModel.getPolicy()]);
    return rows.map((row) => lineageView(row, global));
  }

  async lineage(name: string): Promise<LineageView> {
    const [row, global] = await Promise.all([this.readModel.getLineage(name), this.readModel.getPolicy()]);
    if (!row) {
      throw new CoreError('NOT_FOUND', `no lineage named ${name}`, { lineage: name });
    }
    return lineageView(row, global);
  }

  async reserved(): Promise<ReservedView[]> {
    return this.readModel.listReserved();
  }

  async policy(): Promise<PolicyView> {
    const { position, ...policy } = await this.readModel.getPolicy();
    return { ...policy, position };
  }
}

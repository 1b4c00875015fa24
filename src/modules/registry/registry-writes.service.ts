import { Injectable } from '@nestjs/common';
import type { EventMetadata, PolicyChangedData } from '../../core/events/events';
import type { LayoutView, LineageView, PolicyView, RegistrationView } from '../../contract/views';
import { GovernanceQueries } from './governance-queries.service';
import { LayoutQueries } from './layout-queries.service';
import { RegistryService, type CommandOutcome } from './registry.service';

// A write that may have found its effect already in the log: `created` is false then (REST
// answers 200 instead of 201, GraphQL says created: false).
export interface Written<T> {
  created: boolean;
  view: T;
}

// Something new in the log, or a change of what was there: a declaration repeated as it stands
// is not.
const changed = (r: CommandOutcome): boolean => r.outcome === 'created' || r.outcome === 'updated';

// Every write of the API (REST and GraphQL alike): the command, then the view of what it
// wrote, read back from the read model.
@Injectable()
export class RegistryWrites {
  constructor(
    private readonly registry: RegistryService,
    private readonly layouts: LayoutQueries,
    private readonly governance: GovernanceQueries,
  ) {}

  // The layout and what the gate said about it: the same content under other names, conflicts
  // with other lineages, and what the format had to assume (BTF records no revision).
  async register(body: unknown, metadata: EventMetadata): Promise<Written<RegistrationView>> {
    const result = await this.registry.register(body, metadata);
    const layout = await this.layouts.get((body as { name: string }).name);
    const judged = { ...layout, sameAs: result.judgement?.sameAs ?? [], warnings: result.judgement?.warnings ?? [] };
    return { created: result.outcome === 'created', view: result.notes.length > 0 ? { ...judged, notes: result.notes } : judged };
  }

  async deprecate(name: string, reason: unknown, metadata: EventMetadata): Promise<LayoutView> {
    await this.registry.deprecate(name, reason, metadata);
    return this.layouts.get(name);
  }

  async annotate(name: string, body: unknown, metadata: EventMetadata): Promise<LayoutView> {
    await this.registry.annotate(name, body, metadata);
    return this.layouts.get(name);
  }

  async declareAlias(from: unknown, to: unknown, metadata: EventMetadata): Promise<Written<{ from: unknown; to: unknown }>> {
    const result = await this.registry.declareAlias(from, to, metadata);
    return { created: changed(result), view: { from, to } };
  }

  async declareReserved(name: unknown, reason: unknown, metadata: EventMetadata): Promise<Written<{ name: unknown; reason: unknown }> & { position?: number }> {
    const result = await this.registry.declareReserved(name, reason, metadata);
    return { created: changed(result), view: { name, reason }, position: result.events[0]?.position };
  }

  async setPolicy(policy: PolicyChangedData, metadata: EventMetadata): Promise<PolicyView> {
    await this.registry.setPolicy(policy, metadata);
    return this.governance.policy();
  }

  // A policy object overrides the global one for this lineage; null returns it to the global one.
  async setLineagePolicy(lineage: string, policy: PolicyChangedData | null, metadata: EventMetadata): Promise<LineageView> {
    await this.registry.setLineagePolicy(lineage, policy, metadata);
    return this.governance.lineage(lineage);
  }
}

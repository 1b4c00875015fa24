import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { EventMetadata } from '../../../../core/events/events';
import { parsePolicy } from '../../../../core/policy/registration-policy';
import { GovernanceQueries } from '../../../registry/governance-queries.service';
import { RegistryWrites } from '../../../registry/registry-writes.service';
import { GqlWriteGuard } from '../auth/gql-write.guard';
import { WriteMetadata } from '../auth/write-metadata.decorator';
import { PolicyInput } from '../inputs/policy.input';
import type { AliasView, PolicyView } from '../../../../contract/views';
import { EXPECTED, listOf } from '../limits/complexity';
import { Alias, DeclaredAlias, Lineage, Policy, ReservedName } from '../models/governance.model';
import { DeclaredReserved } from '../models/registration.model';

// Field renames and the registration gate: both are events, both change later reports.
@Resolver()
export class GovernanceResolver {
  constructor(
    private readonly writes: RegistryWrites,
    private readonly queries: GovernanceQueries,
  ) {}

  @Query(() => [Alias], { complexity: listOf(EXPECTED.aliases), description: 'GET /aliases' })
  aliases(): Promise<AliasView[]> {
    return this.queries.aliases();
  }

  @Query(() => Policy, { description: 'GET /policy' })
  policy(): Promise<PolicyView> {
    return this.queries.policy();
  }

  @Mutation(() => DeclaredAlias, { description: 'POST /aliases: field `from` was renamed `to`' })
  @UseGuards(GqlWriteGuard)
  async declareAlias(
    @Args('from', { type: () => String }) from: string,
    @Args('to', { type: () => String }) to: string,
    @WriteMetadata() metadata: EventMetadata,
  ): Promise<DeclaredAlias> {
    const { created } = await this.writes.declareAlias(from, to, metadata);
    return { from, to, created };
  }

  @Query(() => [Lineage], { complexity: listOf(EXPECTED.lineages), description: 'GET /lineages' })
  lineages(): Promise<Lineage[]> {
    return this.queries.lineages();
  }

  @Query(() => Lineage, { description: 'GET /lineages/:name' })
  lineage(@Args('name', { type: () => String }) name: string): Promise<Lineage> {
    return this.queries.lineage(name);
  }

  @Query(() => [ReservedName], { complexity: listOf(EXPECTED.aliases), description: 'GET /reserved' })
  reserved(): Promise<ReservedName[]> {
    return this.queries.reserved();
  }

  @Mutation(() => DeclaredReserved, { description: 'POST /reserved: fields of that name are reserved bytes from now on' })
  @UseGuards(GqlWriteGuard)
  async declareReserved(
    @Args('name', { type: () => String }) name: string,
    @Args('reason', { type: () => String }) reason: string,
    @WriteMetadata() metadata: EventMetadata,
  ): Promise<DeclaredReserved> {
    const { created, position } = await this.writes.declareReserved(name, reason, metadata);
    return { name, reason, created, position };
  }

  @Mutation(() => Lineage, { description: 'PUT /lineages/:name/policy; policy null returns the lineage to the global one' })
  @UseGuards(GqlWriteGuard)
  async setLineagePolicy(
    @Args('lineage', { type: () => String }) lineage: string,
    @Args('policy', { type: () => PolicyInput, nullable: true }) policy: PolicyInput | null,
    @WriteMetadata() metadata: EventMetadata,
  ): Promise<Lineage> {
    return this.writes.setLineagePolicy(lineage, policy ? parsePolicy({ ...policy }) : null, metadata);
  }

  @Mutation(() => Policy, { description: 'PUT /policy' })
  @UseGuards(GqlWriteGuard)
  async setPolicy(@Args('input') input: PolicyInput, @WriteMetadata() metadata: EventMetadata): Promise<PolicyView> {
    return this.writes.setPolicy(parsePolicy({ ...input }), metadata);
  }
}

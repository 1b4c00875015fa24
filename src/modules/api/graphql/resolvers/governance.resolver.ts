import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { EventMetadata } from '../../../../core/events/events';
import { parsePolicy } from '../../../../core/policy/registration-policy';
import { LayoutQueries } from '../../../registry/layout-queries.service';
import { RegistryService } from '../../../registry/registry.service';
import { GqlWriteGuard } from '../auth/gql-write.guard';
import { WriteMetadata } from '../auth/write-metadata.decorator';
import { PolicyInput } from '../inputs/policy.input';
import { asPolicy } from '../query-records';
import { EXPECTED, listOf } from '../limits/complexity';
import { Alias, DeclaredAlias, Policy } from '../models/governance.model';

// Field renames and the registration gate: both are events, both change later reports.
@Resolver()
export class GovernanceResolver {
  constructor(
    private readonly registry: RegistryService,
    private readonly queries: LayoutQueries,
  ) {}

  @Query(() => [Alias], { complexity: listOf(EXPECTED.aliases), description: 'GET /aliases' })
  aliases(): Promise<Alias[]> {
    return this.queries.aliases();
  }

  @Query(() => Policy, { description: 'GET /policy' })
  async policy(): Promise<Policy> {
    return asPolicy(await this.queries.policy());
  }

  @Mutation(() => DeclaredAlias, { description: 'POST /aliases: field `from` was renamed `to`' })
  @UseGuards(GqlWriteGuard)
  async declareAlias(
    @Args('from', { type: () => String }) from: string,
    @Args('to', { type: () => String }) to: string,
    @WriteMetadata() metadata: EventMetadata,
  ): Promise<DeclaredAlias> {
    const result = await this.registry.declareAlias(from, to, metadata);
    return { from, to, created: result.outcome !== 'existing' && result.outcome !== 'replayed' };
  }

  @Mutation(() => Policy, { description: 'PUT /policy' })
  @UseGuards(GqlWriteGuard)
  async setPolicy(@Args('input') input: PolicyInput, @WriteMetadata() metadata: EventMetadata): Promise<Policy> {
    await this.registry.setPolicy(parsePolicy({ ...input }), metadata);
    return asPolicy(await this.queries.policy());
  }
}

import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { EventMetadata } from '../../../../core/events/events';
import { LayoutQueries } from '../../../registry/layout-queries.service';
import { RegistryWrites } from '../../../registry/registry-writes.service';
import { GqlWriteGuard } from '../auth/gql-write.guard';
import { WriteMetadata } from '../auth/write-metadata.decorator';
import type { GraphqlContext } from '../graphql-context';
import { RegisterLayoutInput, toRegisterBody } from '../inputs/register-layout.input';
import type { LayoutSummaryView, LayoutView } from '../../../../contract/views';
import { EXPECTED, listOf, work } from '../limits/complexity';
import { Layout } from '../models/layout.model';
import { RegisterLayoutResult } from '../models/registration.model';

@Resolver(() => Layout)
export class LayoutsResolver {
  constructor(
    private readonly writes: RegistryWrites,
    private readonly queries: LayoutQueries,
  ) {}

  @Query(() => [Layout], { complexity: listOf(EXPECTED.layouts), description: 'registration order, as GET /layouts' })
  layouts(
    @Args('revision', { type: () => String, nullable: true }) revision?: string | null,
    @Args('deprecated', { type: () => Boolean, nullable: true }) deprecated?: boolean | null,
  ): Promise<LayoutSummaryView[]> {
    return this.queries.list({ revision: revision ?? undefined, deprecated: deprecated ?? undefined });
  }

  @Query(() => Layout)
  layout(@Args('name', { type: () => String }) name: string, @Context() ctx: GraphqlContext): Promise<LayoutView> {
    return ctx.loaders.layout.load(name);
  }

  @Mutation(() => RegisterLayoutResult, { complexity: work(50), description: 'POST /layouts' })
  @UseGuards(GqlWriteGuard)
  async registerLayout(@Args('input') input: RegisterLayoutInput, @WriteMetadata() metadata: EventMetadata): Promise<RegisterLayoutResult> {
    const { created, view } = await this.writes.register(toRegisterBody(input), metadata);
    return { created, layout: view, notes: view.notes ?? [], sameAs: view.sameAs, warnings: view.warnings };
  }

  @Mutation(() => Layout, { description: 'POST /layouts/:name/deprecate; deprecated layouts stay readable and convertible' })
  @UseGuards(GqlWriteGuard)
  async deprecateLayout(
    @Args('name', { type: () => String }) name: string,
    @Args('reason', { type: () => String }) reason: string,
    @WriteMetadata() metadata: EventMetadata,
  ): Promise<LayoutView> {
    return this.writes.deprecate(name, reason, metadata);
  }
}

import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphqlContext } from '../graphql-context';
import { CompatibilityService } from '../../../compat/compatibility.service';
import type { FieldView, LayoutSummaryView, ReportView } from '../../../../contract/views';
import { work } from '../limits/complexity';
import { CompatibilityReport } from '../models/compatibility.model';
import { FIELDS_COMPLEXITY, Layout, LayoutField } from '../models/layout.model';

// A layout as a resolver returned it: listed (no fields) or read whole.
type ParentLayout = LayoutSummaryView & { fields?: FieldView[] };

// Per-layout members that cost a read or a report. A layout read with its fields answers from
// itself; a listed one asks the request's loader, which reads all listed layouts at once.
// Reports are in memory (CompatibilityService), shared by every request.
@Resolver(() => Layout)
export class LayoutFieldsResolver {
  constructor(private readonly compat: CompatibilityService) {}

  @ResolveField(() => [LayoutField], { complexity: FIELDS_COMPLEXITY, description: 'in declaration order' })
  async fields(@Parent() layout: ParentLayout, @Context() ctx: GraphqlContext): Promise<FieldView[]> {
    return layout.fields ?? (await ctx.loaders.layout.load(layout.name)).fields;
  }

  @ResolveField(() => Int)
  async fieldCount(@Parent() layout: ParentLayout, @Context() ctx: GraphqlContext): Promise<number> {
    return (layout.fields ?? (await ctx.loaders.layout.load(layout.name)).fields).length;
  }

  @ResolveField(() => CompatibilityReport, { complexity: work(10), description: 'from this layout to `to`, as compatibility(from, to)' })
  compatibility(@Parent() layout: ParentLayout, @Args('to', { type: () => String }) to: string): Promise<ReportView> {
    return this.compat.report(layout.name, to);
  }
}

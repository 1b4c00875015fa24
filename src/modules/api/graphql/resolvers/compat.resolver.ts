import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { ConversionView, MatrixView, PlanView, ReportView } from '../../../../contract/views';
import { CompatibilityService } from '../../../compat/compatibility.service';
import { ConversionService } from '../../../compat/conversion.service';
import { decodeBase64Blob, parseContainer } from '../../requests/blob-input';
import { conversionView } from '../../requests/conversion-view';
import { matrixCost, work } from '../limits/complexity';
import { CompatibilityReport } from '../models/compatibility.model';
import { ConversionResult } from '../models/conversion.model';
import { CompatMatrix } from '../models/matrix.model';
import { Plan } from '../models/plan.model';

@Resolver()
export class CompatResolver {
  constructor(
    private readonly compat: CompatibilityService,
    private readonly conversion: ConversionService,
  ) {}

  // Resolved by plainQueries().compatibility, which answers the same report without Nest's
  // wrapping (and without a promise when both layouts are cached).
  @Query(() => CompatibilityReport, { complexity: work(10), description: 'GET /compat/:from/:to' })
  compatibility(
    @Args('from', { type: () => String }) from: string,
    @Args('to', { type: () => String }) to: string,
  ): Promise<ReportView> {
    return this.compat.report(from, to);
  }

  @Query(() => CompatMatrix, { complexity: matrixCost, description: 'GET /compat; `names` picks rows and columns' })
  matrix(@Args('names', { type: () => [String], nullable: true }) names?: string[] | null): Promise<MatrixView> {
    return this.compat.matrix(names ?? undefined);
  }

  @Query(() => Plan, { complexity: work(10), description: 'GET /plans/:from/:to' })
  plan(@Args('from', { type: () => String }) from: string, @Args('to', { type: () => String }) to: string): Promise<PlanView> {
    return this.compat.plan(from, to);
  }

  // Not a write (REST's POST /convert takes no token either): a mutation because it is an
  // action on a payload rather than a read of the registry.
  @Mutation(() => ConversionResult, { complexity: work(20), description: 'POST /convert/:from/:to with a JSON body; from: "auto" identifies the source' })
  async convert(
    @Args('from', { type: () => String }) from: string,
    @Args('to', { type: () => String }) to: string,
    @Args('blob', { type: () => String, description: 'A.size bytes, padded standard base64' }) blob: string,
    @Args('strict', { type: () => Boolean, defaultValue: false, description: 'any loss is an error instead of a result' }) strict: boolean,
    @Args('container', {
      type: () => String,
      nullable: true,
      description: '"nested-state": blob is a whole struct kvm_nested_state (REST ?container=nested-state)',
    })
    container: string | null,
  ): Promise<ConversionView> {
    const nestedState = parseContainer(container);
    return conversionView(await this.conversion.convert({ from, to, blob: decodeBase64Blob(blob), strict, nestedState }));
  }
}

import { Args, Query, Resolver } from '@nestjs/graphql';
import type { IdentificationView, KernelLookupView } from '../../../../contract/views';
import { IdentifyService } from '../../../compat/identify.service';
import { decodeBase64Blob, parseContainer } from '../../requests/blob-input';
import { work } from '../limits/complexity';
import { Identification, KernelLookup } from '../models/identify.model';

@Resolver()
export class IdentifyResolver {
  constructor(private readonly identifier: IdentifyService) {}

  @Query(() => Identification, { complexity: work(20), description: 'POST /identify' })
  identify(
    @Args('blob', { type: () => String, description: 'the blob (or container), padded standard base64' }) blob: string,
    @Args('container', { type: () => String, nullable: true, description: '"nested-state": blob is a whole struct kvm_nested_state' }) container: string | null,
  ): IdentificationView {
    const nestedState = parseContainer(container);
    return this.identifier.identify(decodeBase64Blob(blob), { nestedState });
  }

  @Query(() => KernelLookup, { complexity: work(5), description: 'GET /kernels/:release' })
  kernel(@Args('release', { type: () => String }) release: string): KernelLookupView {
    return this.identifier.kernel(release);
  }
}

import { NESTED_STATE as NS, invalidState } from '../nested-state/nested-state-header';
import { validateNestedState } from '../nested-state/validate-nested-state';
import { identifyBlob, type Identification, type IdentifyOptions, type LayoutCandidateInput } from './identify';

// POST /identify?container=nested-state: the container is checked as KVM_SET_NESTED_STATE would
// (validateNestedState), then its vmcs12 region is identified. The shadow vmcs12, when present,
// was written by the same kernel and adds nothing the vmcs12 cannot tell.
export function identifyNestedState(container: Uint8Array, layouts: readonly LayoutCandidateInput[], opts: IdentifyOptions = {}): Identification {
  const contents = validateNestedState(container);
  if (!contents.hasVmcs12) {
    throw invalidState(NS.sizeOffset, 'the container holds no vmcs12 to identify (no VMXON region, or size leaves no room for it)');
  }
  return identifyBlob(container.subarray(NS.vmcs12Offset, NS.vmcs12Offset + NS.vmcsSize), layouts, opts);
}

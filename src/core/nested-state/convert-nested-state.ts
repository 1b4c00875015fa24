import type { CompiledConverter } from '../conversion/compile-plan';
import { lossy, type ConvertOptions } from '../conversion/convert-blob';
import type { BlobLoss } from '../conversion/blob-loss';
import { runPlan, viewOf } from '../conversion/run-plan';
import { CoreError } from '../errors';
import { SHADOW_VMCS_BIT } from '../layouts/layout';
import { NESTED_STATE as NS, invalidState } from './nested-state-header';
import { validateNestedState, type NestedStateContents } from './validate-nested-state';

export type NestedRegion = 'vmcs12' | 'shadow_vmcs12';

export interface NestedLoss extends BlobLoss {
  region: NestedRegion;
}

export interface NestedConversion {
  output: Uint8Array; // same length as the input: every byte but the converted regions kept
  lost: NestedLoss[];
  contents: NestedStateContents;
}

// POST /convert?container=nested-state: a whole struct kvm_nested_state, validated as
// KVM_SET_NESTED_STATE would (validateNestedState), with the vmcs12 at 128 and the shadow vmcs12
// at 4224 converted when the container's size says they are there. The UAPI fixes both regions
// at KVM_STATE_NESTED_VMX_VMCS_SIZE (4096) bytes, so the container keeps its size and layout and
// both layouts must be 4096 bytes: a converter for any other size is refused, not padded or cut.
export function convertNestedState(conv: CompiledConverter, input: Uint8Array, opts: ConvertOptions = {}): NestedConversion {
  for (const [which, size] of [
    ['source', conv.srcSize],
    ['destination', conv.dstSize],
  ] as const) {
    if (size !== NS.vmcsSize) {
      throw new CoreError('INVALID_INPUT', `kvm_nested_state holds ${NS.vmcsSize}-byte vmcs12 regions; the ${which} layout is ${size} bytes`, {
        layout: which,
        expected: NS.vmcsSize,
        actual: size,
      });
    }
  }
  const contents = validateNestedState(input);
  // A copy, never input.slice(): on the Node Buffer the HTTP layer hands over, slice() is a view
  // of the input, and zero-filling the output's regions would wipe the source before the copies.
  const output = new Uint8Array(input);
  const lost: NestedLoss[] = [];
  const src = { bytes: input, view: viewOf(input), at: 0 };
  const dst = { bytes: output, view: viewOf(output), at: 0 };
  const regions: Array<[NestedRegion, number]> = [];
  if (contents.hasVmcs12) {
    regions.push(['vmcs12', NS.vmcs12Offset]);
  }
  if (contents.hasShadowVmcs12) {
    // KVM refuses a shadow vmcs12 whose header lacks shadow_vmcs (nested.c).
    if ((src.view.getUint32(NS.shadowVmcs12Offset, true) & SHADOW_VMCS_BIT) === 0) {
      throw invalidState(NS.shadowVmcs12Offset, 'the shadow vmcs12 does not have shadow_vmcs (bit 31) set');
    }
    regions.push(['shadow_vmcs12', NS.shadowVmcs12Offset]);
  }
  for (const [region, at] of regions) {
    const found: BlobLoss[] = [];
    src.at = at;
    dst.at = at;
    // runPlan reports a wrong revision at `at`, the offset of the region's header.
    runPlan(conv, src, dst, false, found);
    lost.push(...found.map((l) => ({ ...l, region })));
  }
  if (opts.strict && lost.length > 0) {
    throw lossy(lost, { container: 'nested-state' });
  }
  return { output, lost, contents };
}

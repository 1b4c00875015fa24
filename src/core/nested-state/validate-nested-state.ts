import {
  FLAG_EVMCS,
  FLAG_GUEST_MODE,
  FLAG_RUN_PENDING,
  FORMAT_VMX,
  INVALID_GPA,
  KNOWN_FLAGS,
  NESTED_STATE as NS,
  SMM_GUEST_MODE,
  SMM_VMXON,
  VMX_FLAG_PREEMPTION_TIMER_DEADLINE,
  invalidState,
  readNestedStateHeader,
  type NestedStateHeader,
} from './nested-state-header';

// What a valid container holds, beyond its header.
export interface NestedStateContents {
  header: NestedStateHeader;
  hasVmcs12: boolean; // 4096 bytes at 128 that KVM would load
  hasShadowVmcs12: boolean; // 4096 more at 4224
}

const hex = (n: number | bigint): string => '0x' + n.toString(16);
const PAGE_MASK = 0xfffn;

// The KVM_SET_NESTED_STATE checks that need no vCPU (x86.c, then vmx_set_nested_state in
// nested.c, in KVM's order, so the first error is the one KVM would give): each refusal names the
// byte offset of the field at fault. Not checkable offline, and left to KVM: whether the guest
// has VMX in CPUID, whether the vCPU is in SMM, whether eVMCS is enabled, MAXPHYADDR, and the
// contents of the vmcs12 beyond its revision id.
export function validateNestedState(bytes: Uint8Array): NestedStateContents {
  const h = readNestedStateHeader(bytes);
  const { flags, vmx } = h;
  if (h.size < NS.headerSize) {
    throw invalidState(NS.sizeOffset, `size ${h.size} is smaller than the ${NS.headerSize}-byte header`, { expected: NS.headerSize, actual: h.size });
  }
  if (h.size > bytes.length) {
    throw invalidState(NS.sizeOffset, `size says ${h.size} bytes but the buffer has ${bytes.length}`, { expected: h.size, actual: bytes.length });
  }
  if (flags & ~KNOWN_FLAGS) {
    throw invalidState(NS.flagsOffset, `unknown flags ${hex(flags & ~KNOWN_FLAGS)}`, { actual: hex(flags) });
  }
  if (flags & FLAG_RUN_PENDING && !(flags & FLAG_GUEST_MODE)) {
    throw invalidState(NS.flagsOffset, 'RUN_PENDING without GUEST_MODE', { actual: hex(flags) });
  }
  if (h.format !== FORMAT_VMX) {
    throw invalidState(NS.formatOffset, `format ${h.format} is not VMX (0)`, { expected: FORMAT_VMX, actual: h.format });
  }
  if (vmx.vmxonPa === INVALID_GPA) {
    // No VMXON: nothing nested may be claimed.
    if (vmx.smmFlags !== 0) {
      throw invalidState(NS.smmFlagsOffset, 'smm.flags set without a VMXON region', { actual: hex(vmx.smmFlags) });
    }
    if (vmx.vmcs12Pa !== INVALID_GPA) {
      throw invalidState(NS.vmcs12PaOffset, 'vmcs12_pa set without a VMXON region', { actual: hex(vmx.vmcs12Pa) });
    }
    if (flags & ~FLAG_EVMCS) {
      throw invalidState(NS.flagsOffset, 'flags other than EVMCS set without a VMXON region', { actual: hex(flags) });
    }
  } else if (vmx.vmxonPa & PAGE_MASK) {
    throw invalidState(NS.vmxonPaOffset, `vmxon_pa ${hex(vmx.vmxonPa)} is not page aligned`, { actual: hex(vmx.vmxonPa) });
  }
  if (vmx.smmFlags & SMM_GUEST_MODE && flags & FLAG_GUEST_MODE) {
    throw invalidState(NS.smmFlagsOffset, 'SMM_GUEST_MODE together with GUEST_MODE', { actual: hex(vmx.smmFlags) });
  }
  if (vmx.smmFlags & ~(SMM_GUEST_MODE | SMM_VMXON)) {
    throw invalidState(NS.smmFlagsOffset, `unknown smm.flags ${hex(vmx.smmFlags & ~(SMM_GUEST_MODE | SMM_VMXON))}`, { actual: hex(vmx.smmFlags) });
  }
  if (vmx.flags & ~VMX_FLAG_PREEMPTION_TIMER_DEADLINE) {
    throw invalidState(NS.vmxFlagsOffset, `unknown hdr.vmx.flags ${hex(vmx.flags & ~VMX_FLAG_PREEMPTION_TIMER_DEADLINE)}`, { actual: hex(vmx.flags) });
  }
  // smm.flags are only valid inside SMM, and inside SMM VMX is off: no guest mode, no pending run.
  if (vmx.smmFlags !== 0 && flags & (FLAG_GUEST_MODE | FLAG_RUN_PENDING)) {
    throw invalidState(NS.smmFlagsOffset, 'smm.flags set while GUEST_MODE or RUN_PENDING', { actual: hex(vmx.smmFlags) });
  }
  if (vmx.smmFlags & SMM_GUEST_MODE && !(vmx.smmFlags & SMM_VMXON)) {
    throw invalidState(NS.smmFlagsOffset, 'SMM_GUEST_MODE without SMM_VMXON', { actual: hex(vmx.smmFlags) });
  }
  if (vmx.vmxonPa === INVALID_GPA) {
    return { header: h, hasVmcs12: false, hasShadowVmcs12: false };
  }
  const vmcs12End = NS.vmcs12Offset + NS.vmcsSize;
  if (h.size < vmcs12End) {
    if (flags & (FLAG_GUEST_MODE | FLAG_EVMCS) || vmx.vmcs12Pa !== INVALID_GPA) {
      throw invalidState(NS.sizeOffset, `size ${h.size} leaves no room for the vmcs12 that flags or vmcs12_pa say exists`, {
        expected: vmcs12End,
        actual: h.size,
      });
    }
    return { header: h, hasVmcs12: false, hasShadowVmcs12: false };
  }
  if (vmx.vmcs12Pa !== INVALID_GPA) {
    if (vmx.vmcs12Pa === vmx.vmxonPa) {
      throw invalidState(NS.vmcs12PaOffset, 'vmcs12_pa is the VMXON region', { actual: hex(vmx.vmcs12Pa) });
    }
    if (vmx.vmcs12Pa & PAGE_MASK) {
      throw invalidState(NS.vmcs12PaOffset, `vmcs12_pa ${hex(vmx.vmcs12Pa)} is not page aligned`, { actual: hex(vmx.vmcs12Pa) });
    }
  } else if (!(flags & FLAG_EVMCS)) {
    throw invalidState(NS.vmcs12PaOffset, 'a vmcs12 is present but neither vmcs12_pa nor EVMCS says which', { actual: hex(vmx.vmcs12Pa) });
  }
  return { header: h, hasVmcs12: true, hasShadowVmcs12: h.size >= NS.shadowVmcs12Offset + NS.vmcsSize };
}

import { CoreError } from '../errors';

// struct kvm_nested_state (arch/x86/include/uapi/asm/kvm.h), VMX format, as KVM_GET_NESTED_STATE
// writes it and KVM_SET_NESTED_STATE reads it. Offsets in bytes from the start of the container.
export const NESTED_STATE = {
  flagsOffset: 0, // u16
  formatOffset: 2, // u16
  sizeOffset: 4, // u32: bytes of the whole state, header included
  vmxonPaOffset: 8, // u64 hdr.vmx.vmxon_pa
  vmcs12PaOffset: 16, // u64 hdr.vmx.vmcs12_pa
  smmFlagsOffset: 24, // u16 hdr.vmx.smm.flags
  vmxFlagsOffset: 28, // u32 hdr.vmx.flags
  preemptionTimerDeadlineOffset: 32, // u64
  headerSize: 128, // sizeof(struct kvm_nested_state)
  vmcs12Offset: 128, // data.vmx.vmcs12[KVM_STATE_NESTED_VMX_VMCS_SIZE]
  shadowVmcs12Offset: 128 + 0x1000, // data.vmx.shadow_vmcs12[...]
  vmcsSize: 0x1000, // KVM_STATE_NESTED_VMX_VMCS_SIZE: fixed by the UAPI, whatever VMCS12_SIZE says
} as const;

export const FORMAT_VMX = 0;
export const FLAG_GUEST_MODE = 0x1;
export const FLAG_RUN_PENDING = 0x2;
export const FLAG_EVMCS = 0x4;
export const FLAG_MTF_PENDING = 0x8;
export const FLAG_GIF_SET = 0x100;
export const KNOWN_FLAGS = FLAG_GUEST_MODE | FLAG_RUN_PENDING | FLAG_EVMCS | FLAG_MTF_PENDING | FLAG_GIF_SET;
export const SMM_GUEST_MODE = 0x1;
export const SMM_VMXON = 0x2;
export const VMX_FLAG_PREEMPTION_TIMER_DEADLINE = 0x1;
export const INVALID_GPA = 0xffff_ffff_ffff_ffffn; // "no address": -1 as a u64

// Physical addresses are u64: kept as bigint so -1 and addresses above 2^53 survive.
export interface NestedStateHeader {
  flags: number;
  format: number;
  size: number;
  vmx: {
    vmxonPa: bigint;
    vmcs12Pa: bigint;
    smmFlags: number;
    flags: number;
    preemptionTimerDeadline: bigint;
  };
}

export function invalidState(offset: number, message: string, extra: Record<string, unknown> = {}): CoreError {
  return new CoreError('INVALID_BLOB', `kvm_nested_state: ${message}`, { offset, ...extra });
}

// Reads the 128-byte header; the checks are in validateNestedState.
export function readNestedStateHeader(bytes: Uint8Array): NestedStateHeader {
  if (bytes.length < NESTED_STATE.headerSize) {
    throw invalidState(bytes.length, `the header needs ${NESTED_STATE.headerSize} bytes, the buffer has ${bytes.length}`, {
      expected: NESTED_STATE.headerSize,
      actual: bytes.length,
    });
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    flags: v.getUint16(NESTED_STATE.flagsOffset, true),
    format: v.getUint16(NESTED_STATE.formatOffset, true),
    size: v.getUint32(NESTED_STATE.sizeOffset, true),
    vmx: {
      vmxonPa: v.getBigUint64(NESTED_STATE.vmxonPaOffset, true),
      vmcs12Pa: v.getBigUint64(NESTED_STATE.vmcs12PaOffset, true),
      smmFlags: v.getUint16(NESTED_STATE.smmFlagsOffset, true),
      flags: v.getUint32(NESTED_STATE.vmxFlagsOffset, true),
      preemptionTimerDeadline: v.getBigUint64(NESTED_STATE.preemptionTimerDeadlineOffset, true),
    },
  };
}

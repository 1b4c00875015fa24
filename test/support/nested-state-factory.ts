// Builds struct kvm_nested_state buffers for tests, defaulting to the selftest's starting point
// (vmx_set_nested_state_test.c): VMX format, vmxon_pa 0x1000, vmcs12_pa 0x2000, 128 + 4096 bytes,
// the vmcs12 carrying only its revision id.
export interface StateSpec {
  flags?: number;
  format?: number;
  size?: number;
  length?: number; // buffer bytes; defaults to size
  vmxonPa?: bigint;
  vmcs12Pa?: bigint;
  smmFlags?: number;
  vmxFlags?: number;
  revision?: number; // written at 128 and, when there is room, at 4224 with shadow_vmcs set
}

export const NO_GPA = 0xffff_ffff_ffff_ffffn;

export function nestedState(spec: StateSpec = {}): Uint8Array {
  const size = spec.size ?? 128 + 4096;
  const bytes = new Uint8Array(spec.length ?? size);
  const v = new DataView(bytes.buffer);
  v.setUint16(0, spec.flags ?? 0, true);
  v.setUint16(2, spec.format ?? 0, true);
  v.setUint32(4, size, true);
  v.setBigUint64(8, spec.vmxonPa ?? 0x1000n, true);
  v.setBigUint64(16, spec.vmcs12Pa ?? 0x2000n, true);
  v.setUint16(24, spec.smmFlags ?? 0, true);
  v.setUint32(28, spec.vmxFlags ?? 0, true);
  const revision = spec.revision ?? 0x11e57ed0;
  if (bytes.length >= 132) {
    v.setUint32(128, revision, true);
  }
  if (bytes.length >= 4228) {
    v.setUint32(4224, (revision | 0x80000000) >>> 0, true);
  }
  return bytes;
}

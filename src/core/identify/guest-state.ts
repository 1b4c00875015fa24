import { bit, canonical, finding, has, hex, type FieldRule } from './evidence';
import { cr3Rule, CR4_PAE, CR4_RESERVED_FROM, CR4_VMXE, EFER_DEFINED, EFER_LMA, EFER_LME } from './host-state';
import { controlBit, ENTRY, PROC2 } from './vmx-controls';

// Guest state (SDM 26.3.1) and the few words KVM itself keeps in vmcs12.
const CR0_PE = bit(0);
const CR0_NE = bit(5);
const CR0_PG = bit(31);
// RFLAGS: bit 1 is always 1; bits 3, 5, 15 and 63:22 are reserved 0 (SDM 26.3.1.4).
const RFLAGS_RESERVED = bit(3) | bit(5) | bit(15) | (~0n << 22n);
// Pending debug exceptions: B3-B0 (3:0), enabled breakpoint (12), BS (14), RTM (16).
const PENDING_DBG_DEFINED = 0xfn | bit(12) | bit(14) | bit(16);
const NO_LINK = 0xffff_ffff_ffff_ffffn;

const ia32eGuest = (read: (n: string) => bigint | undefined): boolean => controlBit(read, 'vm_entry_controls', ENTRY.ia32eModeGuest);

// Each byte of a PAT is a memory type: UC 0, WC 1, WT 4, WP 5, WB 6, UC- 7 (SDM 11.12.2).
function patOk(v: bigint): boolean {
  for (let i = 0n; i < 64n; i += 8n) {
    const t = (v >> i) & 0xffn;
    if (t === 2n || t === 3n || t > 7n) {
      return false;
    }
  }
  return true;
}

const patRule = (field: string): FieldRule => ({
  check: 'pat-memory-types',
  field,
  weight: 'fact',
  test: (v) => finding(patOk(v), () => `${field} ${hex(v)} ${patOk(v) ? 'holds' : 'does not hold'} eight valid memory types`),
});

const canonicalRule = (field: string): FieldRule => ({
  check: 'canonical',
  field,
  weight: 'fact',
  test: (v) => finding(canonical(v), () => `${field} ${hex(v)} is ${canonical(v) ? '' : 'not '}canonical`),
});

export const GUEST_RULES: FieldRule[] = [
  {
    check: 'cr0-vmx-operation',
    field: 'guest_cr0',
    weight: 'fact',
    // CR0_FIXED0 is PE|NE|PG; "unrestricted guest" frees PE and PG, never NE.
    test: (v, read) => {
      const unrestricted = controlBit(read, 'secondary_vm_exec_control', PROC2.unrestrictedGuest);
      const need = unrestricted ? CR0_NE : CR0_PE | CR0_NE | CR0_PG;
      const ok = has(v, need) && v >> 32n === 0n && (!(v & CR0_PG) || has(v, CR0_PE));
      return finding(ok, () => `guest_cr0 ${hex(v)} ${ok ? 'is' : 'is not'} a CR0 allowed in VMX non-root operation`);
    },
  },
  {
    check: 'cr4-vmxe',
    field: 'guest_cr4',
    weight: 'fact',
    // CR4_FIXED0 holds VMXE for the guest too; an IA-32e guest has PAE.
    test: (v, read) => {
      const ok = has(v, CR4_VMXE) && v >> CR4_RESERVED_FROM === 0n && (!ia32eGuest(read) || has(v, CR4_PAE));
      return finding(ok, () => `guest_cr4 ${hex(v)} ${ok ? 'has VMXE' : 'lacks VMXE (or PAE for an IA-32e guest), or sets reserved bits'}`);
    },
  },
  cr3Rule('guest_cr3'),
  {
    check: 'rflags-reserved',
    field: 'guest_rflags',
    weight: 'fact',
    test: (v) => {
      const ok = has(v, bit(1)) && (v & RFLAGS_RESERVED) === 0n;
      return finding(ok, () => `guest_rflags ${hex(v)}${ok ? ': bit 1 set, reserved bits clear' : ': bit 1 clear or reserved bits set'}`);
    },
  },
  {
    check: 'dr7-upper',
    field: 'guest_dr7',
    weight: 'fact',
    test: (v) => finding(v >> 32n === 0n, () => `guest_dr7 ${hex(v)}${v >> 32n === 0n ? ' fits 32 bits' : ' sets bits 63:32'}`),
  },
  {
    check: 'efer-lma-lme',
    field: 'guest_ia32_efer',
    weight: 'fact',
    test: (v, read) => {
      const ok = (v & ~EFER_DEFINED) === 0n && (!ia32eGuest(read) || has(v, EFER_LMA)) && (!has(v, EFER_LMA) || has(v, EFER_LME));
      return finding(ok, () => `guest_ia32_efer ${hex(v)}${ok ? ' agrees with the IA-32e mode guest control' : ': reserved bits set or LMA/LME inconsistent'}`);
    },
  },
  patRule('guest_ia32_pat'),
  patRule('host_ia32_pat'),
  canonicalRule('guest_rip'),
  canonicalRule('guest_sysenter_esp'),
  canonicalRule('guest_sysenter_eip'),
  {
    check: 'activity-state',
    field: 'guest_activity_state',
    weight: 'fact',
    // Active 0, HLT 1, shutdown 2, wait-for-SIPI 3.
    test: (v) => finding(v <= 3n, () => `guest_activity_state ${v}${v <= 3n ? '' : ' is not one of 0-3'}`),
  },
  {
    check: 'interruptibility-reserved',
    field: 'guest_interruptibility_info',
    weight: 'fact',
    test: (v) => finding(v >> 5n === 0n, () => `guest_interruptibility_info ${hex(v)}${v >> 5n === 0n ? '' : ' sets reserved bits 31:5'}`),
  },
  {
    check: 'pending-debug-reserved',
    field: 'guest_pending_dbg_exceptions',
    weight: 'fact',
    test: (v) => finding((v & ~PENDING_DBG_DEFINED) === 0n, () => `guest_pending_dbg_exceptions ${hex(v)}`),
  },
  {
    check: 'vmcs-link-pointer',
    field: 'vmcs_link_pointer',
    weight: 'fact',
    // Every VMM writes ~0 unless it shadows VMCS fields (then a page-aligned address).
    test: (v, read) => {
      if (v === NO_LINK) {
        return finding(true, 'vmcs_link_pointer is 0xffffffffffffffff');
      }
      const shadowing = controlBit(read, 'secondary_vm_exec_control', PROC2.vmcsShadowing);
      const ok = shadowing && (v & 0xfffn) === 0n && v >> 52n === 0n;
      return finding(ok, () => `vmcs_link_pointer ${hex(v)} is ${ok ? 'a shadow VMCS address' : 'neither ~0 nor a shadow VMCS page'}`);
    },
  },
  {
    check: 'launch-state',
    field: 'launch_state',
    weight: 'fact',
    // KVM keeps 0 (clear) or 1 (launched) here.
    test: (v) => finding(v <= 1n, () => `launch_state ${v}${v <= 1n ? '' : ' is neither 0 nor 1'}`),
  },
];

import { bit, canonical, finding, has, hex, type FieldRule } from './evidence';
import { controlBit, EXIT } from './vmx-controls';

// The host-state area holds L1's own state, loaded on every VM exit from L2: the state of a VMM
// in VMX operation. SDM 26.2.2-26.2.4 (checks on host state) and 24.8 (VMX operation needs
// CR0.PE/NE/PG and CR4.VMXE: the IA32_VMX_CR0/CR4_FIXED0 MSRs).
const CR0_PE = bit(0);
const CR0_NE = bit(5);
const CR0_PG = bit(31);
const CR4_PAE = bit(5);
const CR4_VMXE = bit(13);
// CR4 bits up to 32 (FRED) are defined; 63:33 are reserved.
const CR4_RESERVED_FROM = 33n;
const EFER_LME = bit(8);
const EFER_LMA = bit(10);
// EFER bits defined by Intel: SCE 0, LME 8, LMA 10, NXE 11 (AMD's 12-15 do not exist on VMX parts).
const EFER_DEFINED = bit(0) | EFER_LME | EFER_LMA | bit(11);

const SELECTORS = ['host_es_selector', 'host_cs_selector', 'host_ss_selector', 'host_ds_selector', 'host_fs_selector', 'host_gs_selector', 'host_tr_selector'];
const BASES = ['host_fs_base', 'host_gs_base', 'host_tr_base', 'host_gdtr_base', 'host_idtr_base', 'host_ia32_sysenter_esp', 'host_ia32_sysenter_eip', 'host_rip'];

function cr0Rule(field: string, who: string): FieldRule {
  const need = CR0_PE | CR0_NE | CR0_PG;
  return {
    check: 'cr0-vmx-operation',
    field,
    weight: 'fact',
    test: (v) => {
      const ok = has(v, need) && v >> 32n === 0n;
      return finding(ok, () => `${field} ${hex(v)} ${has(v, need) ? 'has' : 'lacks'} PE, NE and PG${v >> 32n === 0n ? '' : ', sets bits 63:32'} (${who})`);
    },
  };
}

// Bits 63:52 are beyond any MAXPHYADDR (SDM 26.2.2, 26.3.1.1), except LAM's 61 and 62.
function cr3Rule(field: string): FieldRule {
  const lam = bit(61) | bit(62);
  return {
    check: 'cr3-physical',
    field,
    weight: 'fact',
    test: (v) => {
      const ok = (v & ~lam) >> 52n === 0n;
      return finding(ok, () => `${field} ${hex(v)}${ok ? ' is a physical address' : ' sets bits beyond MAXPHYADDR'}`);
    },
  };
}

export const HOST_RULES: FieldRule[] = [
  cr0Rule('host_cr0', 'the VMM runs in VMX operation with paging'),
  {
    check: 'cr4-vmxe',
    field: 'host_cr4',
    weight: 'fact',
    test: (v) => {
      const ok = has(v, CR4_VMXE) && v >> CR4_RESERVED_FROM === 0n;
      return finding(ok, () => `host_cr4 ${hex(v)} ${ok ? 'has VMXE' : 'lacks VMXE or sets reserved bits 63:33'}`);
    },
  },
  {
    check: 'host-64-bit',
    field: 'host_cr4',
    weight: 'fact',
    // SDM 26.2.2: with "host address-space size" the VMM is 64-bit and CR4.PAE must be 1.
    test: (v, read) => {
      if (!controlBit(read, 'vm_exit_controls', EXIT.hostAddressSpaceSize)) {
        return undefined;
      }
      return finding(has(v, CR4_PAE), () => `host_cr4 ${hex(v)} ${has(v, CR4_PAE) ? 'has' : 'lacks'} PAE under a 64-bit host`);
    },
  },
  cr3Rule('host_cr3'),
  {
    check: 'efer-lma-lme',
    field: 'host_ia32_efer',
    weight: 'fact',
    // SDM 26.2.2: reserved bits 0; LMA and LME both equal "host address-space size".
    test: (v) => {
      const ok = (v & ~EFER_DEFINED) === 0n && has(v, EFER_LMA) === has(v, EFER_LME);
      return finding(ok, () => `host_ia32_efer ${hex(v)}${ok ? ': LMA and LME agree, no reserved bits' : ': reserved bits set or LMA/LME disagree'}`);
    },
  },
  ...SELECTORS.map(
    (field): FieldRule => ({
      check: 'host-selector',
      field,
      weight: 'fact',
      // SDM 26.2.3: RPL (bits 1:0) and TI (bit 2) of every host selector are 0.
      test: (v) => finding((v & 7n) === 0n && v >> 16n === 0n, () => `${field} ${hex(v)}: RPL ${v & 3n}, TI ${(v >> 2n) & 1n}`),
    }),
  ),
  ...BASES.map(
    (field): FieldRule => ({
      check: 'canonical',
      field,
      weight: 'fact',
      // SDM 26.2.3/26.2.4: on a 64-bit host these addresses are canonical.
      test: (v) => finding(canonical(v), () => `${field} ${hex(v)} is ${canonical(v) ? '' : 'not '}canonical`),
    }),
  ),
];

export { cr0Rule, cr3Rule, CR4_PAE, CR4_RESERVED_FROM, CR4_VMXE, EFER_DEFINED, EFER_LMA, EFER_LME };

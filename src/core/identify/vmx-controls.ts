import { bit, finding, has, hex, type FieldRule, type ReadField } from './evidence';

// VMX control bits, Intel SDM vol. 3C chapter 25 ("VM-execution / VM-exit / VM-entry control
// fields") and appendix A.3-A.5 ("VMX capability reporting facility").
export const PIN = { extIntExiting: 0, nmiExiting: 3, virtualNmis: 5, preemptionTimer: 6, postedInterrupts: 7 } as const;
export const PROC = {
  tscOffsetting: 3,
  hltExiting: 7,
  cr3LoadExiting: 15,
  cr3StoreExiting: 16,
  tertiaryControls: 17,
  tprShadow: 21,
  ioBitmaps: 25,
  msrBitmaps: 28,
  secondaryControls: 31,
} as const;
export const PROC2 = {
  apicAccess: 0,
  ept: 1,
  vpid: 5,
  unrestrictedGuest: 7,
  virtualInterruptDelivery: 9,
  vmFunctions: 13,
  vmcsShadowing: 14,
  enclsExiting: 15,
  pml: 17,
  xsaves: 20,
  tscScaling: 25,
  enclvExiting: 28,
} as const;
export const EXIT = {
  saveDebugControls: 2,
  hostAddressSpaceSize: 9,
  loadPerfGlobalCtrl: 12,
  ackInterrupt: 15,
  savePat: 18,
  loadPat: 19,
  saveEfer: 20,
  loadEfer: 21,
  savePreemptionTimer: 22,
  clearLbrCtl: 26,
  loadCetState: 28,
  loadPkrs: 29,
  secondaryControls: 31,
} as const;
export const ENTRY = {
  loadDebugControls: 2,
  ia32eModeGuest: 9,
  loadPerfGlobalCtrl: 13,
  loadPat: 14,
  loadEfer: 15,
  loadBndcfgs: 16,
  loadCetState: 20,
  loadLbrCtl: 21,
  loadPkrs: 22,
} as const;

// The default1 class of each control (appendix A.3.1, A.3.2, A.4, A.5): bits that read 1 in the
// non-TRUE capability MSRs, the same constants KVM reports to L1 (PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR
// and friends in nested.c). The TRUE MSRs may let a VMM clear some of them, e.g. CR3-load/store
// exiting with EPT, save/load debug controls: a missing bit is evidence, not proof.
const DEFAULT1: ReadonlyArray<[field: string, mask: bigint, what: string]> = [
  ['pin_based_vm_exec_control', 0x16n, 'pin-based'],
  ['cpu_based_vm_exec_control', 0x0401e172n, 'primary processor-based'],
  ['vm_exit_controls', 0x00036dffn, 'VM-exit'],
  ['vm_entry_controls', 0x000011ffn, 'VM-entry'],
];

// Bits the TRUE MSRs are known to let a VMM clear: KVM's own nested_vmx_setup_ctls_msrs clears
// CR3-load/store exiting (proc), save debug controls (exit) and load debug controls (entry).
const TRUE_CLEARABLE: Readonly<Record<string, bigint>> = {
  cpu_based_vm_exec_control: bit(PROC.cr3LoadExiting) | bit(PROC.cr3StoreExiting),
  vm_exit_controls: bit(EXIT.saveDebugControls),
  vm_entry_controls: bit(ENTRY.loadDebugControls),
};

export const CONTROL_RULES: FieldRule[] = [
  ...DEFAULT1.map(
    ([field, mask, what]): FieldRule => ({
      check: 'default1-controls',
      field,
      weight: 'evidence',
      test: (v) => {
        const required = mask & ~(TRUE_CLEARABLE[field] ?? 0n);
        return has(v, required)
          ? finding(true, () => `${what} controls ${hex(v)} carry the default1 bits ${hex(required)}`)
          : finding(false, () => `${what} controls ${hex(v)} lack default1 bits ${hex(required & ~v)}`);
      },
    }),
  ),
  {
    check: 'control-bits-defined',
    field: 'pin_based_vm_exec_control',
    weight: 'evidence',
    // Bits 31:8 are reserved in every SDM revision so far; no CPU allows them to be 1.
    test: (v) => finding(v >> 8n === 0n, () => `pin-based controls ${hex(v)}${v >> 8n === 0n ? '' : ' set reserved bits 31:8'}`),
  },
  {
    check: 'cr3-target-count',
    field: 'cr3_target_count',
    weight: 'fact',
    // SDM 26.2.1.1: at most 4 CR3-target values (KVM reports 0 supported).
    test: (v) => finding(v <= 4n, () => `cr3_target_count ${v} ${v <= 4n ? '<= 4' : '> 4, the SDM maximum'}`),
  },
  {
    check: 'tpr-threshold',
    field: 'tpr_threshold',
    weight: 'fact',
    // SDM 26.2.1.1: bits 31:4 of the TPR threshold must be 0 with "use TPR shadow".
    test: (v) => finding(v >> 4n === 0n, () => `tpr_threshold ${hex(v)}${v >> 4n === 0n ? '' : ' sets bits 31:4'}`),
  },
];

export function controlBit(read: ReadField, field: string, n: number): boolean {
  return ((read(field) ?? 0n) & bit(n)) !== 0n;
}

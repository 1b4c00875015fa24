import { finding, hex, type FieldRule, type ReadField } from './evidence';
import { controlBit, ENTRY, EXIT, PIN, PROC, PROC2 } from './vmx-controls';

// Fields a processor consults only when a control enables them (SDM 25.6-25.8): a VMM writes
// such a field when it uses the feature, so a set field with its control clear is evidence
// against the reading, and a set field with its control set is evidence for it. This is what
// tells apart the out-of-tree layouts that put different fields at one offset (336 holds
// secondary_vm_exit_controls, tertiary_vm_exec_control, guest_lbr_ctl or padding by tree).
type Gate = [control: string, bit: number, what: string];

const pin = (n: number, what: string): Gate => ['pin_based_vm_exec_control', n, what];
const proc = (n: number, what: string): Gate => ['cpu_based_vm_exec_control', n, what];
const proc2 = (n: number, what: string): Gate => ['secondary_vm_exec_control', n, what];
const exit = (n: number, what: string): Gate => ['vm_exit_controls', n, what];
const entry = (n: number, what: string): Gate => ['vm_entry_controls', n, what];

// Any one gate enabling the field is enough (PAT is saved on exit or loaded on entry). Not
// gated: the EFER fields, which KVM writes whether or not it currently switches EFER
// (update_transition_efer toggles the controls per entry).
const GATED: ReadonlyArray<[fields: string[], gates: Gate[]]> = [
  [['io_bitmap_a', 'io_bitmap_b'], [proc(PROC.ioBitmaps, 'use I/O bitmaps')]],
  [['msr_bitmap'], [proc(PROC.msrBitmaps, 'use MSR bitmaps')]],
  [['virtual_apic_page_addr'], [proc(PROC.tprShadow, 'use TPR shadow')]],
  [['tertiary_vm_exec_control'], [proc(PROC.tertiaryControls, 'activate tertiary controls')]],
  [['virtual_timer_vector', 'guest_deadline', 'guest_deadline_shadow'], [proc(PROC.tertiaryControls, 'activate tertiary controls')]],
  [['secondary_vm_exec_control'], [proc(PROC.secondaryControls, 'activate secondary controls')]],
  [['posted_intr_desc_addr', 'posted_intr_nv'], [pin(PIN.postedInterrupts, 'process posted interrupts')]],
  [['vmx_preemption_timer_value'], [pin(PIN.preemptionTimer, 'activate VMX-preemption timer')]],
  [['apic_access_addr'], [proc2(PROC2.apicAccess, 'virtualize APIC accesses')]],
  [['ept_pointer'], [proc2(PROC2.ept, 'enable EPT')]],
  [['virtual_processor_id'], [proc2(PROC2.vpid, 'enable VPID')]],
  [['eoi_exit_bitmap0', 'eoi_exit_bitmap1', 'eoi_exit_bitmap2', 'eoi_exit_bitmap3', 'guest_intr_status'], [proc2(PROC2.virtualInterruptDelivery, 'virtual-interrupt delivery')]],
  [['vm_function_control', 'eptp_list_address'], [proc2(PROC2.vmFunctions, 'enable VM functions')]],
  [['vmread_bitmap', 'vmwrite_bitmap'], [proc2(PROC2.vmcsShadowing, 'VMCS shadowing')]],
  [['encls_exiting_bitmap'], [proc2(PROC2.enclsExiting, 'enable ENCLS exiting')]],
  [['pml_address', 'guest_pml_index'], [proc2(PROC2.pml, 'enable PML')]],
  [['xss_exit_bitmap'], [proc2(PROC2.xsaves, 'enable XSAVES/XRSTORS')]],
  [['tsc_multiplier'], [proc2(PROC2.tscScaling, 'use TSC scaling')]],
  [['enclv_exiting_bitmap'], [proc2(PROC2.enclvExiting, 'enable ENCLV exiting')]],
  [['secondary_vm_exit_controls'], [exit(EXIT.secondaryControls, 'activate secondary VM-exit controls')]],
  [['host_ia32_pat'], [exit(EXIT.loadPat, 'load IA32_PAT')]],
  [['host_ia32_perf_global_ctrl'], [exit(EXIT.loadPerfGlobalCtrl, 'load IA32_PERF_GLOBAL_CTRL')]],
  [
    ['host_s_cet', 'host_ssp', 'host_ssp_tbl', 'host_ia32_s_cet', 'host_ia32_int_ssp_table_addr'],
    [exit(EXIT.loadCetState, 'load CET state')],
  ],
  [
    ['guest_s_cet', 'guest_ssp', 'guest_ssp_tbl', 'guest_ia32_s_cet', 'guest_ia32_int_ssp_table_addr'],
    [entry(ENTRY.loadCetState, 'load CET state')],
  ],
  [['guest_lbr_ctl', 'guest_ia32_lbr_ctl'], [entry(ENTRY.loadLbrCtl, 'load guest IA32_LBR_CTL'), exit(EXIT.clearLbrCtl, 'clear IA32_LBR_CTL')]],
  [['guest_ia32_pkrs'], [entry(ENTRY.loadPkrs, 'load PKRS')]],
  [['host_ia32_pkrs'], [exit(EXIT.loadPkrs, 'load PKRS')]],
  [['guest_ia32_pat'], [entry(ENTRY.loadPat, 'load IA32_PAT'), exit(EXIT.savePat, 'save IA32_PAT')]],
  [['guest_ia32_perf_global_ctrl'], [entry(ENTRY.loadPerfGlobalCtrl, 'load IA32_PERF_GLOBAL_CTRL')]],
];

function gateRule(field: string, gates: Gate[]): FieldRule {
  const names = gates.map(([control, , what]) => `${control} "${what}"`).join(' or ');
  return {
    check: 'feature-enabled',
    field,
    weight: 'evidence',
    test: (v: bigint, read: ReadField) => {
      const on = gates.some(([control, n]) => controlBit(read, control, n));
      return finding(on, () => `${field} = ${hex(v)} ${on ? 'with' : 'but not'} ${names}`);
    },
  };
}

// IA32_PKRS has 32 bits; bits 63:32 of its VMCS fields must be 0 (SDM 27.2.2, 27.3.1.1), and no
// WRMSR can have put them there. What the out-of-tree PKS series stored at 320/328 is where
// mainline keeps encls_exiting_bitmap and tsc_multiplier, whose values set those bits.
const pkrsRule = (field: string): FieldRule => ({
  check: 'reserved-bits',
  field,
  weight: 'fact',
  test: (v: bigint) => finding(v >> 32n === 0n, () => `${field} = ${hex(v)}: bits 63:32 of IA32_PKRS are reserved`),
});

export const FEATURE_RULES: FieldRule[] = [
  ...GATED.flatMap(([fields, gates]) => fields.map((f) => gateRule(f, gates))),
  pkrsRule('guest_ia32_pkrs'),
  pkrsRule('host_ia32_pkrs'),
];

import fc from 'fast-check';
import type { Layout } from '../../src/core/layouts/layout';

// Realistic vmcs12 contents: what KVM holds for an L1 hypervisor (itself a 64-bit KVM) while its
// 64-bit L2 guest runs, as KVM_GET_NESTED_STATE would save it. Values follow what L1's KVM writes
// (vmx.c init_vmcs / vmx_set_constant_host_state / setup_vmcs_config) and what L0 syncs back from
// vmcs02 (sync_vmcs02_to_vmcs12), with random variation in addresses, modes and optional
// features. Written without reference to the identifier's rules: it describes KVM, not the checks.

// Optional features, each enabled only when the layout has the fields it needs (a kernel whose
// vmcs12 lacks pml_address never exposes PML to L1).
export const FEATURES = {
  postedInterrupts: ['posted_intr_desc_addr', 'posted_intr_nv', 'eoi_exit_bitmap0', 'guest_intr_status'],
  preemptionTimer: ['vmx_preemption_timer_value'],
  pml: ['pml_address', 'guest_pml_index'],
  vmFunctions: ['vm_function_control', 'eptp_list_address'],
  vmcsShadowing: ['vmread_bitmap', 'vmwrite_bitmap'],
  enclsExiting: ['encls_exiting_bitmap'],
  tscScaling: ['tsc_multiplier'],
  enclvExiting: ['enclv_exiting_bitmap'],
  cet: ['host_s_cet', 'host_ssp', 'host_ssp_tbl', 'guest_s_cet', 'guest_ssp', 'guest_ssp_tbl'],
  secondaryExitControls: ['secondary_vm_exit_controls'],
  tertiaryControls: ['tertiary_vm_exec_control'],
  apicTimerVirtualization: ['tertiary_vm_exec_control', 'virtual_timer_vector', 'guest_deadline', 'guest_deadline_shadow'],
  lbr: ['guest_lbr_ctl'],
} as const;
export type Feature = keyof typeof FEATURES;

export interface Vmcs12Sample {
  values: Map<string, bigint>; // by vmcs12 member name; members the layout lacks are dropped
  features: Feature[];
}

const PAGE = 0x1000n;
const gpaPage = fc.bigInt({ min: 0x100n, max: 0xf_ffff_ffn }).map((p) => p * PAGE); // below 2^40
const kernelAddress = fc.bigInt({ min: 0xffff_8880_0000_0000n, max: 0xffff_ffff_ff00_0000n });
const userAddress = fc.bigInt({ min: 0x40_0000n, max: 0x7fff_ffff_f000n });
const tsc = fc.bigInt({ min: 1n, max: (1n << 63n) - 1n });

const pick = <T>(...xs: T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);

const draws = fc.record({
  features: fc.record(Object.fromEntries(Object.keys(FEATURES).map((f) => [f, fc.boolean()])) as Record<Feature, fc.Arbitrary<boolean>>),
  userMode: fc.boolean(),
  halted: fc.double({ min: 0, max: 1, noNaN: true }),
  pages: fc.array(gpaPage, { minLength: 16, maxLength: 16 }),
  kernel: fc.array(kernelAddress, { minLength: 12, maxLength: 12 }),
  user: fc.array(userAddress, { minLength: 3, maxLength: 3 }),
  tscOffset: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  deadline: tsc,
  exit: pick(
    { reason: 1n, len: 0n, intr: 0x8000_00ecn }, // external interrupt, acknowledged on exit
    { reason: 10n, len: 2n, intr: 0n }, // CPUID
    { reason: 12n, len: 1n, intr: 0n }, // HLT
    { reason: 28n, len: 3n, intr: 0n }, // control-register access
    { reason: 30n, len: 2n, intr: 0n }, // I/O instruction
    { reason: 31n, len: 2n, intr: 0n }, // RDMSR
    { reason: 32n, len: 2n, intr: 0n }, // WRMSR
    { reason: 48n, len: 0n, intr: 0n }, // EPT violation
    { reason: 0n, len: 0n, intr: 0x8000_030en }, // #PF intercepted
  ),
  exitQualification: fc.bigInt({ min: 0n, max: 0xffffn }),
  rflags: fc.bigInt({ min: 0n, max: 0xfffn }).map((r) => (r & 0xcd5n) | 0x202n), // CF PF AF ZF SF TF IF DF OF, bit 1
  exceptionBitmap: pick(0x60042n, 0x40042n, 0x20042n | (1n << 14n)),
  vpid: fc.integer({ min: 1, max: 0xffff }).map(BigInt),
  msrCounts: fc.array(fc.integer({ min: 0, max: 8 }).map(BigInt), { minLength: 3, maxLength: 3 }),
  preemptionTimer: fc.integer({ min: 1, max: 0x7fff_ffff }).map(BigInt),
  pmlIndex: fc.integer({ min: 1, max: 511 }).map(BigInt),
  eoi: fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { minLength: 4, maxLength: 4 }),
  tscRatio: fc.bigInt({ min: 1n << 47n, max: 1n << 49n }),
  pat: pick(0x0007_0406_0007_0406n, 0x0007_0106_0007_0406n),
  clearsDebugControls: fc.boolean(),
  loadsEfer: fc.boolean(),
  intrStatus: fc.integer({ min: 0, max: 0xffff }).map(BigInt),
});

type Draws = typeof draws extends fc.Arbitrary<infer T> ? T : never;

export function vmcs12For(layout: Layout): fc.Arbitrary<Vmcs12Sample> {
  const names = new Set(layout.fields.filter((f) => f.role === 'data').map((f) => f.name));
  return draws.map((d) => {
    const features = (Object.keys(FEATURES) as Feature[]).filter((f) => d.features[f] && FEATURES[f].every((n) => names.has(n)));
    const values = runningGuest(d, new Set(features));
    for (const name of [...values.keys()]) {
      if (!names.has(name)) {
        values.delete(name);
      }
    }
    return { values, features };
  });
}

function runningGuest(d: Draws, on: ReadonlySet<Feature>): Map<string, bigint> {
  const v = new Map<string, bigint>();
  const set = (name: string, value: bigint): void => {
    v.set(name, value);
  };
  const page = (i: number): bigint => d.pages[i] as bigint;
  const k = (i: number): bigint => d.kernel[i] as bigint;
  const b = (n: number): bigint => 1n << BigInt(n);
  const tertiary = on.has('tertiaryControls') || on.has('apicTimerVirtualization');

  // Controls: default1 bits as KVM reports them to L1, minus what L1's KVM clears with EPT and
  // the TRUE MSRs (CR3-load/store exiting; sometimes save/load debug controls), plus features.
  let pin = 0x16n | b(0) | b(3) | b(5);
  let proc = (0x0401e172n & ~(b(15) | b(16))) | b(3) | b(7) | b(21) | b(23) | b(24) | b(28) | b(29) | b(30) | b(31);
  let proc2 = b(0) | b(1) | b(3) | b(5) | b(7) | b(12) | b(20);
  let exit = 0x00036dffn | b(9) | b(15) | b(18) | b(19);
  let entry = 0x000011ffn | b(9) | b(14);
  if (d.clearsDebugControls) {
    exit &= ~b(2);
    entry &= ~b(2);
  }
  if (d.loadsEfer) {
    exit |= b(20) | b(21);
    entry |= b(15);
  }
  if (on.has('postedInterrupts')) {
    pin |= b(7);
    proc2 |= b(8) | b(9);
    set('posted_intr_desc_addr', page(0) + 0x40n * BigInt(Number(d.vpid % 64n)));
    set('posted_intr_nv', 0xf2n);
    d.eoi.forEach((e, i) => set(`eoi_exit_bitmap${i}`, e));
    set('guest_intr_status', d.intrStatus);
  }
  if (on.has('preemptionTimer')) {
    pin |= b(6);
    exit |= b(22);
    set('vmx_preemption_timer_value', d.preemptionTimer);
  }
  if (on.has('pml')) {
    proc2 |= b(17);
    set('pml_address', page(1));
    set('guest_pml_index', d.pmlIndex);
  }
  if (on.has('vmFunctions')) {
    proc2 |= b(13);
    set('vm_function_control', 1n);
    set('eptp_list_address', page(2));
  }
  if (on.has('vmcsShadowing')) {
    proc2 |= b(14);
    set('vmread_bitmap', page(3));
    set('vmwrite_bitmap', page(4));
  }
  if (on.has('enclsExiting')) {
    proc2 |= b(15);
    set('encls_exiting_bitmap', 0xffff_ffff_ffff_ffffn); // init_vmcs writes INVALID_GPA
  }
  if (on.has('tscScaling')) {
    proc2 |= b(25);
    set('tsc_multiplier', d.tscRatio);
  }
  if (on.has('enclvExiting')) {
    proc2 |= b(28);
    set('enclv_exiting_bitmap', 0xffff_ffff_ffff_ffffn);
  }
  if (on.has('cet')) {
    exit |= b(28);
    entry |= b(20);
    set('host_s_cet', 0x4n); // ENDBR_EN
    set('host_ssp', k(10) & ~7n);
    set('host_ssp_tbl', k(11) & ~7n);
    set('guest_s_cet', 0x4n);
    set('guest_ssp', k(9) & ~7n);
  }
  if (on.has('secondaryExitControls')) {
    exit |= b(31);
    set('secondary_vm_exit_controls', 0x3n); // save/load FRED state
  }
  if (tertiary) {
    proc |= b(17);
    set('tertiary_vm_exec_control', on.has('apicTimerVirtualization') ? b(9) | b(4) : b(4));
  }
  if (on.has('apicTimerVirtualization')) {
    set('virtual_timer_vector', 0xecn);
    set('guest_deadline', d.deadline);
    set('guest_deadline_shadow', d.deadline);
  }
  if (on.has('lbr')) {
    entry |= b(21);
    exit |= b(26);
    set('guest_lbr_ctl', 0x7n);
  }
  set('pin_based_vm_exec_control', pin);
  set('cpu_based_vm_exec_control', proc);
  set('secondary_vm_exec_control', proc2);
  set('vm_exit_controls', exit);
  set('vm_entry_controls', entry);
  set('exception_bitmap', d.exceptionBitmap);
  set('vm_exit_msr_store_count', d.msrCounts[0] as bigint);
  set('vm_exit_msr_load_count', d.msrCounts[1] as bigint);
  set('vm_entry_msr_load_count', d.msrCounts[2] as bigint);
  set('vm_exit_msr_store_addr', page(5));
  set('vm_exit_msr_load_addr', page(6));
  set('vm_entry_msr_load_addr', page(7));
  set('msr_bitmap', page(8));
  set('virtual_apic_page_addr', page(9));
  set('apic_access_addr', page(10));
  set('ept_pointer', page(11) | 0x5en); // WB, 4-level walk, accessed/dirty flags
  set('virtual_processor_id', d.vpid);
  set('tsc_offset', d.tscOffset);
  set('vmcs_link_pointer', 0xffff_ffff_ffff_ffffn);
  set('cr0_guest_host_mask', 0xffff_ffff_ffff_fff7n); // guest owns CR0.TS
  set('cr4_guest_host_mask', 0xffff_ffff_ffff_f871n);
  set('launch_state', 1n);

  // Host state: L1's 64-bit KVM, loaded on every exit from L2.
  set('host_cr0', 0x8005_0033n);
  set('host_cr3', page(12));
  set('host_cr4', 0x0037_27e0n);
  set('host_gs_base', k(0));
  set('host_tr_base', k(1));
  set('host_gdtr_base', k(2));
  set('host_idtr_base', 0xffff_fe00_0000_0000n);
  set('host_ia32_sysenter_eip', k(3));
  set('host_rsp', k(4) & ~0xfn);
  set('host_rip', k(5));
  set('host_ia32_pat', d.pat);
  set('host_ia32_efer', 0xd01n);
  set('host_cs_selector', 0x10n);
  set('host_ss_selector', 0x18n);
  set('host_tr_selector', 0x40n);
  set('host_ia32_sysenter_cs', 0x10n);

  // Guest state: a 64-bit L2 in kernel or user mode, synced back from vmcs02.
  const user = d.userMode;
  set('guest_cr0', 0x8005_0033n);
  set('guest_cr3', page(13));
  set('guest_cr4', 0x0037_27e0n);
  set('cr0_read_shadow', 0x8005_0033n);
  set('cr4_read_shadow', 0x0037_07e0n);
  set('guest_ia32_efer', 0xd01n);
  set('guest_ia32_pat', d.pat);
  set('guest_dr7', 0x400n);
  set('guest_rflags', d.rflags);
  set('guest_rip', user ? (d.user[0] as bigint) : k(6));
  set('guest_rsp', user ? (d.user[1] as bigint) : k(7) & ~0xfn);
  set('guest_cs_selector', user ? 0x33n : 0x10n);
  set('guest_cs_ar_bytes', user ? 0xa0fbn : 0xa09bn);
  set('guest_ss_selector', user ? 0x2bn : 0x18n);
  set('guest_ss_ar_bytes', user ? 0xc0f3n : 0xc093n);
  for (const seg of ['es', 'ds']) {
    set(`guest_${seg}_selector`, user ? 0x2bn : 0n);
    set(`guest_${seg}_ar_bytes`, user ? 0xc0f3n : 0x10000n);
  }
  for (const seg of ['es', 'cs', 'ss', 'ds']) {
    set(`guest_${seg}_limit`, 0xffff_ffffn);
  }
  set('guest_fs_base', user ? (d.user[2] as bigint) : 0n);
  set('guest_gs_base', user ? 0n : k(8));
  set('guest_fs_ar_bytes', 0x10000n);
  set('guest_gs_ar_bytes', 0x10000n);
  set('guest_ldtr_ar_bytes', 0x10000n);
  set('guest_tr_selector', 0x40n);
  set('guest_tr_base', k(1));
  set('guest_tr_limit', 0x4087n);
  set('guest_tr_ar_bytes', 0x8bn);
  set('guest_gdtr_base', k(2));
  set('guest_gdtr_limit', 0x7fn);
  set('guest_idtr_base', 0xffff_fe00_0000_0000n);
  set('guest_idtr_limit', 0xfffn);
  set('guest_sysenter_cs', 0x10n);
  set('guest_sysenter_eip', k(3));
  set('guest_activity_state', d.halted < 0.2 ? 1n : 0n);
  set('guest_interruptibility_info', d.halted > 0.9 ? 1n : 0n);
  set('guest_ia32_debugctl', 0n);

  // The last exit from L2 to L1.
  set('vm_exit_reason', d.exit.reason);
  set('vm_exit_instruction_len', d.exit.len);
  set('vm_exit_intr_info', d.exit.intr);
  set('exit_qualification', d.exitQualification);
  if (d.exit.reason === 48n) {
    set('guest_physical_address', page(14) + (d.exitQualification & 0xff8n));
  }
  return v;
}

// A VMCS as L1 may leave it part-written: whole; controls first and a tenth of the rest (as
// init_vmcs writes them); or a tenth of a few fields no control gates (too little to tell most
// layouts apart). noBias: fast-check's bias towards small integers would keep nearly everything.
const CONTROLS = new Set(['pin_based_vm_exec_control', 'cpu_based_vm_exec_control', 'secondary_vm_exec_control', 'vm_exit_controls', 'vm_entry_controls']);
const UNGATED = /^(guest_\w+_(selector|limit|ar_bytes)|exception_bitmap|exit_qualification|tsc_offset|guest_rsp|cr[04]_(guest_host_mask|read_shadow))$/;
export type Written = 'whole' | 'controls-first' | 'fragment';

export function writtenVmcs12For(layout: Layout): fc.Arbitrary<Vmcs12Sample & { written: Written }> {
  const keepArb = fc.array(fc.noBias(fc.integer({ min: 0, max: 9 })).map((x) => x === 0), { minLength: 13, maxLength: 13 });
  return fc.tuple(vmcs12For(layout), keepArb, fc.constantFrom<Written>('whole', 'controls-first', 'fragment')).map(([s, keep, written]) => {
    const kept = [...s.values].filter(([name], i) => {
      switch (written) {
        case 'whole':
          return true;
        case 'controls-first':
          return CONTROLS.has(name) || keep[i % keep.length];
        case 'fragment':
          return UNGATED.test(name) && keep[(i * 7) % keep.length];
      }
    });
    return { features: s.features, values: new Map(kept), written };
  });
}

// The sample laid out in `layout`: zero everywhere, the revision in the header, each value at its
// member's offset (little-endian).
export function layOut(sample: Vmcs12Sample, layout: Layout): Uint8Array {
  const bytes = new Uint8Array(layout.size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, layout.revision, true);
  for (const f of layout.fields) {
    const value = f.role === 'data' && f.count === 1 ? sample.values.get(f.name) : undefined;
    if (value === undefined) {
      continue;
    }
    if (f.size === 2) {
      view.setUint16(f.offset, Number(value), true);
    } else if (f.size === 4) {
      view.setUint32(f.offset, Number(value), true);
    } else {
      view.setBigUint64(f.offset, value, true);
    }
  }
  return bytes;
}

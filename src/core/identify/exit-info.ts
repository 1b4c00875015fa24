import { bit, canonical, finding, hex, type FieldRule } from './evidence';

// Exit information, event injection and the addresses of VMX data structures.

// Interruption-information format (SDM 25.8.3, 27.2.2): vector 7:0, type 10:8, error-code valid
// 11, bit 12 NMI unblocking (exit) or reserved (entry), 30:13 reserved, valid 31. Type 1 is
// reserved.
const eventInfoRule = (field: string, reservedFrom: bigint): FieldRule => ({
  check: 'event-info-format',
  field,
  weight: 'fact',
  test: (v) => {
    const reserved = (v >> reservedFrom) & ((1n << (31n - reservedFrom)) - 1n);
    const ok = reserved === 0n && ((v >> 8n) & 7n) !== 1n && v >> 32n === 0n;
    return finding(ok, () => `${field} ${hex(v)}${ok ? ' is an interruption-information word' : ' sets reserved bits or type 1'}`);
  },
});

const instructionLengthRule = (field: string): FieldRule => ({
  check: 'instruction-length',
  field,
  weight: 'fact',
  // x86 instructions are 1 to 15 bytes long.
  test: (v) => finding(v <= 15n, () => `${field} ${v}${v <= 15n ? '' : ' is longer than any instruction'}`),
});

// Physical addresses of structures the processor reads: aligned as the SDM requires (26.2.1.1)
// and below 2^52.
const addressRule = (field: string, align: bigint, what: string): FieldRule => ({
  check: 'aligned-physical-address',
  field,
  weight: 'fact',
  test: (v) => {
    const ok = (v & (align - 1n)) === 0n && v >> 52n === 0n;
    return finding(ok, () => `${field} ${hex(v)} ${ok ? 'is' : 'is not'} a ${what}-aligned physical address`);
  },
});

const countRule = (field: string): FieldRule => ({
  check: 'msr-list-count',
  field,
  weight: 'fact',
  // SDM A.6: the recommended maximum is 512 * (N + 1) from IA32_VMX_MISC; KVM reports N = 0 to
  // L1 and fails a nested VM entry with a longer list.
  test: (v) => finding(v <= 512n, () => `${field} ${v}${v <= 512n ? '' : ' exceeds the 512 MSRs KVM allows'}`),
});

const PAGE_ADDRESSES = [
  'io_bitmap_a',
  'io_bitmap_b',
  'msr_bitmap',
  'virtual_apic_page_addr',
  'apic_access_addr',
  'vmread_bitmap',
  'vmwrite_bitmap',
  'pml_address',
  'eptp_list_address',
];

const bitsWithin = (field: string, bits: bigint, check = 'defined-bits'): FieldRule => ({
  check,
  field,
  weight: 'evidence',
  test: (v) => finding(v >> bits === 0n, () => `${field} ${hex(v)}${v >> bits === 0n ? '' : ` sets bits above ${bits - 1n}, none defined`}`),
});

export const EXIT_INFO_RULES: FieldRule[] = [
  {
    check: 'exit-reason-format',
    field: 'vm_exit_reason',
    weight: 'fact',
    // Basic reason 15:0, bits 26:16 and 30 cleared to 0 (SDM 25.9.1).
    test: (v) => {
      const ok = ((v >> 16n) & 0x7ffn) === 0n && (v & bit(30)) === 0n && (v & 0xffffn) < 128n;
      return finding(ok, () => `vm_exit_reason ${hex(v)}${ok ? `: basic reason ${v & 0xffffn}` : ' sets reserved bits or names no exit reason'}`);
    },
  },
  eventInfoRule('vm_exit_intr_info', 13n),
  eventInfoRule('idt_vectoring_info_field', 13n),
  eventInfoRule('vm_entry_intr_info_field', 12n),
  instructionLengthRule('vm_exit_instruction_len'),
  instructionLengthRule('vm_entry_instruction_len'),
  {
    check: 'instruction-error',
    field: 'vm_instruction_error',
    weight: 'evidence',
    test: (v) => finding(v <= 28n, () => `vm_instruction_error ${v}${v <= 28n ? '' : ' is not a VM-instruction error number (1-28)'}`),
  },
  ...PAGE_ADDRESSES.map((f) => addressRule(f, 4096n, '4 KiB')),
  addressRule('vm_exit_msr_store_addr', 16n, '16-byte'),
  addressRule('vm_exit_msr_load_addr', 16n, '16-byte'),
  addressRule('vm_entry_msr_load_addr', 16n, '16-byte'),
  addressRule('posted_intr_desc_addr', 64n, '64-byte'),
  countRule('vm_exit_msr_store_count'),
  countRule('vm_exit_msr_load_count'),
  countRule('vm_entry_msr_load_count'),
  {
    check: 'ept-pointer-format',
    field: 'ept_pointer',
    weight: 'fact',
    // EPTP (SDM 25.6.11): memory type UC 0 or WB 6, page-walk length - 1 of 3 or 4, 11:8 reserved.
    test: (v) => {
      const type = v & 7n;
      const walk = (v >> 3n) & 7n;
      const ok = (type === 0n || type === 6n) && (walk === 3n || walk === 4n) && ((v >> 8n) & 0xfn) === 0n && v >> 52n === 0n;
      return finding(ok, () => `ept_pointer ${hex(v)}${ok ? `: memory type ${type}, ${walk + 1n}-level walk` : ' is not a valid EPTP'}`);
    },
  },
  {
    check: 'vector-format',
    field: 'posted_intr_nv',
    weight: 'fact',
    test: (v) => finding(v >> 8n === 0n, () => `posted_intr_nv ${hex(v)}${v >> 8n === 0n ? ' is a vector' : ' sets bits 15:8'}`),
  },
  {
    check: 'vector-format',
    field: 'virtual_timer_vector',
    weight: 'evidence',
    // Vectors 0-31 are exceptions; a timer interrupt uses 32-255.
    test: (v) => finding(v >= 32n && v <= 255n, () => `virtual_timer_vector ${v}${v >= 32n && v <= 255n ? ' is an interrupt vector' : ' is not an interrupt vector (32-255)'}`),
  },
  bitsWithin('vm_function_control', 1n),
  bitsWithin('tertiary_vm_exec_control', 16n),
  bitsWithin('secondary_vm_exit_controls', 8n),
  {
    check: 'defined-bits',
    field: 'guest_lbr_ctl',
    weight: 'evidence',
    // IA32_LBR_CTL: LBREn, OS, USR, CALL_STACK (3:0) and branch-type filters (22:16).
    test: (v) => finding((v & ~(0xfn | (0x7fn << 16n))) === 0n, () => `guest_lbr_ctl ${hex(v)}`),
  },
  ...['host_ssp', 'guest_ssp', 'host_ssp_tbl', 'guest_ssp_tbl'].map(
    (field): FieldRule => ({
      check: 'canonical',
      field,
      weight: 'fact',
      test: (v) => finding(canonical(v) && (v & 3n) === 0n, () => `${field} ${hex(v)} ${canonical(v) && (v & 3n) === 0n ? 'is' : 'is not'} a canonical 4-byte-aligned address`),
    }),
  ),
];

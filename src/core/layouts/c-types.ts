import type { FieldType } from './field-types';
import type { Bitfield } from './layout';

// Spellings of the member types vmcs12 has used: kernel-internal (u32), uapi (__u32) and
// stdint (uint32_t, as in userspace copies). natural_width is KVM's u64 alias.
export const C_TYPE_SPELLINGS: ReadonlyMap<string, FieldType> = new Map<string, FieldType>([
  ['u8', 'u8'],
  ['u16', 'u16'],
  ['u32', 'u32'],
  ['u64', 'u64'],
  ['natural_width', 'natural_width'],
  ['__u8', 'u8'],
  ['__u16', 'u16'],
  ['__u32', 'u32'],
  ['__u64', 'u64'],
  ['uint8_t', 'u8'],
  ['uint16_t', 'u16'],
  ['uint32_t', 'u32'],
  ['uint64_t', 'u64'],
]);

// 4.19+ header, known even when the text does not define it (it lives in vmcs.h there):
// struct vmcs_hdr { u32 revision_id:31; u32 shadow_vmcs:1; };
export const VMCS_HDR_BITFIELDS: readonly Bitfield[] = [
  { name: 'revision_id', bits: 31 },
  { name: 'shadow_vmcs', bits: 1 },
];

// Known value of the uapi constant VMCS12_SIZE has been defined as since 5.x.
export const KNOWN_CONSTANTS: ReadonlyMap<string, number> = new Map([['KVM_STATE_NESTED_VMX_VMCS_SIZE', 0x1000]]);

const INTEGER_RE = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)(?:[uU][lL]{0,2}|[lL]{1,2}[uU]?)?$/;

// A C integer literal (hex, octal or decimal, with optional U/L suffixes), or undefined.
export function parseCInteger(text: string): number | undefined {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')')) {
    t = t.slice(1, -1).trim();
  }
  const m = INTEGER_RE.exec(t);
  if (!m) {
    return undefined;
  }
  const digits = m[1] ?? '';
  if (/^0[xX]/.test(digits)) {
    return parseInt(digits.slice(2), 16);
  }
  return digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : parseInt(digits, 10);
}

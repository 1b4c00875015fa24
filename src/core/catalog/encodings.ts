import rawEncodings from '../../../catalog/vmcs-field-encodings.json';
import { isFieldType, type FieldType } from '../layouts/field-types';

// Architectural VMCS field encodings (Intel SDM, appendix B) keyed by the vmcs12 member that
// KVM maps them to (vmcs12.c's table). A shared encoding is what makes a rename checkable:
// cr3_target_value0 and dead_space[0] are the same bytes, but only one has an encoding.
export interface VmcsEncoding {
  encoding: number; // e.g. 0x2000 for IO_BITMAP_A; 64-bit fields also answer to encoding + 1 (_HIGH)
  macro: string; // name in arch/x86/include/asm/vmx.h, e.g. IO_BITMAP_A
  width: FieldType; // width the encoding's bits 14:13 give
}

interface RawEncoding {
  encoding: string;
  macro: string;
  field: string | null;
  width: string;
}

const BY_FIELD: ReadonlyMap<string, VmcsEncoding> = buildIndex(rawEncodings as RawEncoding[]);
const BY_ENCODING: ReadonlyMap<number, string> = new Map([...BY_FIELD].map(([field, e]) => [e.encoding, field]));

// The encoding KVM maps to this vmcs12 member, or undefined for members with none
// (revision_id, abort, launch_state, padding, dead_space, ...).
export function encodingFor(fieldName: string): VmcsEncoding | undefined {
  return BY_FIELD.get(fieldName);
}

// The same table as the lookup compatibility reports take (compat's EncodingLookup).
export function encodingOf(fieldName: string): number | undefined {
  return BY_FIELD.get(fieldName)?.encoding;
}

// The vmcs12 member an encoding reads, as KVM's vmcs12_field_offsets maps it: a 64-bit
// field's _HIGH alias (encoding + 1) reads the upper half, at the member's offset + 4.
export function fieldOfEncoding(encoding: number): { field: string; high: boolean } | undefined {
  const field = BY_ENCODING.get(encoding);
  if (field !== undefined) {
    return { field, high: false };
  }
  const low = BY_ENCODING.get(encoding - 1);
  return low !== undefined && (encoding & 1) === 1 && BY_FIELD.get(low)?.width === 'u64' ? { field: low, high: true } : undefined;
}

function buildIndex(entries: RawEncoding[]): Map<string, VmcsEncoding> {
  const index = new Map<string, VmcsEncoding>();
  for (const e of entries) {
    if (e.field === null) {
      continue; // an encoding no vmcs12 member shadows
    }
    if (!isFieldType(e.width)) {
      throw new Error(`vmcs-field-encodings.json: ${e.macro} has unknown width ${e.width}`);
    }
    index.set(e.field, { encoding: parseInt(e.encoding, 16), macro: e.macro, width: e.width });
  }
  return index;
}

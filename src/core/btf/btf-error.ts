import { CoreError } from '../errors';

// Which input a problem is in: the module (kvm-intel.ko, /sys/kernel/btf/kvm_intel) or the
// base it is split over (vmlinux's BTF). Every error names the input and where in it.
export type BtfInput = 'module' | 'base';

export interface BtfWhere {
  input: BtfInput;
  offset?: number; // byte offset in the file as given
  section?: string; // ELF section, when the problem is inside one
  typeId?: number; // BTF type id (split ids continue after the base's)
  field?: string; // vmcs12 member
}

export function btfError(message: string, where: BtfWhere): CoreError {
  const details: Record<string, unknown> = { input: where.input };
  for (const key of ['offset', 'section', 'typeId', 'field'] as const) {
    if (where[key] !== undefined) {
      details[key] = where[key];
    }
  }
  const parts: string[] = [where.input];
  if (where.section !== undefined) {
    parts.push(`section ${where.section}`);
  }
  if (where.typeId !== undefined) {
    parts.push(`type id ${where.typeId}`);
  }
  if (where.offset !== undefined) {
    parts.push(`byte offset ${where.offset}`);
  }
  return new CoreError('INVALID_BTF', `${message} (${parts.join(', ')})`, details);
}

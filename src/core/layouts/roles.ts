import type { FieldType } from './field-types';
import type { FieldRole } from './layout';

// Role rules shared by the C and JSON forms, so one layout gets one fingerprint either way.

export const HEADER_NAMES: readonly string[] = ['revision_id', 'hdr'];

// Reserved room that later kernels may fill: not compared, not converted.
export function isPaddingName(name: string): boolean {
  return name.includes('padding') || name.startsWith('reserved');
}

// The header is the u32 at offset 0 that VMPTRLD checks against VMCS12_REVISION.
export function isHeaderCandidate(f: { name: string; type: FieldType; count: number; offset: number }): boolean {
  return f.offset === 0 && f.type === 'u32' && f.count === 1 && HEADER_NAMES.includes(f.name);
}

// Header wins over everything: a union member named revision_id at 0 is still the header.
export function roleFor(
  f: { name: string; type: FieldType; count: number; offset: number },
  isView: boolean,
): FieldRole {
  if (isHeaderCandidate(f)) {
    return 'header';
  }
  if (isView) {
    return 'view';
  }
  return isPaddingName(f.name) ? 'padding' : 'data';
}

interface Extent {
  offset: number;
  size: number;
}

// JSON carries no union structure, so a view is recognised by its bytes: it strictly contains
// another field (`u64 hv_vmcs[255]` over the named fields), or repeats the exact range of an
// earlier field (the second member of a union of equal plain members).
export function viewFlags(fields: readonly Extent[]): boolean[] {
  return fields.map((f, i) => {
    const end = f.offset + f.size;
    return fields.some((g, j) => {
      if (j === i) {
        return false;
      }
      const gEnd = g.offset + g.size;
      const same = g.offset === f.offset && gEnd === end;
      if (same) {
        return j < i;
      }
      return g.offset >= f.offset && gEnd <= end;
    });
  });
}

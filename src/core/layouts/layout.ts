import type { FieldType } from './field-types';

// header: the u32 at offset 0 (revision_id, or 4.19+ `struct vmcs_hdr hdr`); not data.
// padding: name contains "padding" or starts with "reserved". view: a union member laid over
// data (e.g. `u64 hv_vmcs[255]`). data: everything else; only data is compared and converted.
export type FieldRole = 'header' | 'data' | 'padding' | 'view';

export interface Bitfield {
  name: string;
  bits: number;
}

export interface SourceLocation {
  line: number;
  column: number;
}

export interface LayoutField {
  name: string;
  type: FieldType;
  count: number; // elements; 1 for a scalar
  offset: number; // bytes from the start of the blob
  size: number; // bytes: width(type) * count
  role: FieldRole;
  bitfields?: Bitfield[];
  source?: SourceLocation; // where the declaration was, when parsed from C
}

// The content that identifies a layout. Two layouts with equal content share a fingerprint
// whatever their names, formats or comments.
export interface Layout {
  revision: number; // VMCS12_REVISION, 31 bits
  size: number; // VMCS12_SIZE: bytes of a saved blob
  fields: LayoutField[];
}

export const VMCS12_SIZE = 4096;
export const SHADOW_VMCS_BIT = 0x8000_0000;
export const MAX_REVISION = 0x7fff_ffff;

export function formatRevision(revision: number): string {
  return '0x' + revision.toString(16).padStart(8, '0');
}

export function dataFields(layout: Layout): LayoutField[] {
  return layout.fields.filter((f) => f.role === 'data');
}

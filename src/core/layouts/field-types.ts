// Width of each vmcs12 member type in bytes. natural_width is u64 by another name: the struct
// is migrated between 32- and 64-bit hosts, so KVM never lets a field's width follow the host.
export const FIELD_TYPES = ['u8', 'u16', 'u32', 'u64', 'natural_width'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const WIDTHS: Record<FieldType, number> = { u8: 1, u16: 2, u32: 4, u64: 8, natural_width: 8 };

export function typeWidth(type: FieldType): number {
  return WIDTHS[type];
}

export function isFieldType(name: string): name is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(name);
}

import { createHash } from 'node:crypto';
import type { Bitfield, FieldRole, Layout } from './layout';
import type { FieldType } from './field-types';

// What identifies a layout: revision, size and the fields in declaration order. Names of
// layouts, source text, comments and source locations are deliberately left out, so the C and
// JSON forms of one struct, or the same struct registered under two names, share a fingerprint.
export interface CanonicalField {
  name: string;
  type: FieldType;
  count: number;
  offset: number;
  role: FieldRole;
  bitfields?: Bitfield[];
}

export interface CanonicalLayout {
  revision: number;
  size: number;
  fields: CanonicalField[];
}

// Builds each object with a fixed key order: JSON.stringify then is canonical.
export function canonicalLayout(layout: Layout): CanonicalLayout {
  return {
    revision: layout.revision,
    size: layout.size,
    fields: layout.fields.map((f) => {
      const c: CanonicalField = { name: f.name, type: f.type, count: f.count, offset: f.offset, role: f.role };
      if (f.bitfields && f.bitfields.length > 0) {
        c.bitfields = f.bitfields.map((b) => ({ name: b.name, bits: b.bits }));
      }
      return c;
    }),
  };
}

export function fingerprint(layout: Layout): string {
  const hash = createHash('sha256').update(JSON.stringify(canonicalLayout(layout))).digest('hex');
  return `sha256:${hash}`;
}

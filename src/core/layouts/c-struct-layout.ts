import type { AggregateNode, MemberNode, StructNode } from './c-ast';
import { typeWidth } from './field-types';
import type { LayoutField, SourceLocation } from './layout';
import { parseError } from './parse-error';
import { roleFor } from './roles';

// gcc's x86-64 layout of struct vmcs12, flattened. Rules (checked against cc with offsetof,
// see c-layout.property.spec.ts):
// - a packed aggregate places every member, nested aggregates included, at the next byte;
// - an unpacked one aligns each member to its natural alignment (u16 2, u32 4, u64 and
//   natural_width 8, an aggregate the largest of its members', a packed aggregate 1) counted
//   from the aggregate's own start, and rounds its size up to that alignment;
// - packing is not inherited: a nested anonymous struct/union is its own type, unpacked unless
//   marked, even inside the packed vmcs12 (this is why the 2017 eVMCS union puts
//   host_ia32_pat at 24 rather than 22);
// - union members share one offset; the union is as large as its largest member, rounded up;
// - an unnamed full-width bitfield is aligned like its type when unpacked but never raises the
//   aggregate's alignment.

interface Extent {
  size: number;
  align: number;
}

export interface StructLayout {
  fields: LayoutField[];
  sizeOf: number; // sizeof(struct vmcs12), trailing padding included
}

export function layoutStruct(struct: StructNode): StructLayout {
  const fields: LayoutField[] = [];
  const seen = new Map<string, SourceLocation>();
  const aligns = new Map<AggregateNode, number>();

  const alignOf = (m: MemberNode): number => {
    if (m.kind === 'field') {
      return m.align;
    }
    if (m.kind === 'filler') {
      return 1;
    }
    let a = aligns.get(m);
    if (a === undefined) {
      a = m.packed ? 1 : Math.max(1, ...m.members.map((c) => (c.kind === 'filler' ? 1 : alignOf(c))));
      aligns.set(m, a);
    }
    return a;
  };

  const placeField = (m: MemberNode & { kind: 'field' }, offset: number, inView: boolean): number => {
    const first = seen.get(m.name);
    if (first) {
      throw parseError(`field "${m.name}" is defined twice (first at line ${first.line}, column ${first.column})`, m.loc, {
        field: m.name,
      });
    }
    seen.set(m.name, m.loc);
    const size = typeWidth(m.type) * m.count;
    const field: LayoutField = {
      name: m.name,
      type: m.type,
      count: m.count,
      offset,
      size,
      role: roleFor({ ...m, offset }, inView),
      source: m.loc,
    };
    if (m.bitfields) {
      field.bitfields = m.bitfields.map((b) => ({ ...b }));
    }
    fields.push(field);
    return size;
  };

  // Places members starting at absolute offset `base`; returns the aggregate's extent.
  const place = (members: MemberNode[], isUnion: boolean, packed: boolean, base: number, inView: boolean): Extent => {
    const primary = isUnion ? primaryMember(members) : -1;
    let cursor = 0;
    let largest = 0;
    let align = 1;
    members.forEach((m, index) => {
      const natural = m.kind === 'filler' ? m.width : alignOf(m);
      if (m.kind !== 'filler') {
        align = Math.max(align, natural);
      }
      const at = isUnion ? 0 : roundUp(cursor, packed ? 1 : natural);
      const view = inView || (isUnion && index !== primary);
      let size: number;
      if (m.kind === 'field') {
        size = placeField(m, base + at, view);
      } else if (m.kind === 'filler') {
        size = m.width;
      } else {
        size = place(m.members, m.union, m.packed, base + at, view).size;
      }
      cursor = at + size;
      largest = Math.max(largest, size);
    });
    const own = packed ? 1 : align;
    return { size: roundUp(isUnion ? largest : cursor, own), align: own };
  };

  const extent = place(struct.members, false, struct.packed, 0, false);
  return { fields, sizeOf: extent.size };
}

// The member of a union that holds data: its (first) anonymous struct, e.g. the named
// fields under `u64 hv_vmcs[255]`; in a union of plain members, the first one.
function primaryMember(members: MemberNode[]): number {
  const struct = members.findIndex((m) => m.kind === 'aggregate' && !m.union);
  return struct >= 0 ? struct : members.findIndex((m) => m.kind !== 'filler');
}

function roundUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

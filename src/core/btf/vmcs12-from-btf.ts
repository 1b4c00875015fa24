import { C_TYPE_SPELLINGS } from '../layouts/c-types';
import { typeWidth, type FieldType } from '../layouts/field-types';
import type { Bitfield, LayoutField } from '../layouts/layout';
import { roleFor } from '../layouts/roles';
import type { Btf, BtfMember, BtfType } from './btf';
import { btfError } from './btf-error';
import { Kind, KIND_NAMES } from './btf-kinds';

// struct vmcs12 as the compiler laid it out, flattened the way the C parser flattens the
// text (c-struct-layout.ts): anonymous structs and unions give their members to vmcs12 under
// their own names; in a union, the first anonymous struct (else the first member) holds data
// and the other members are views; a named struct of bitfields (struct vmcs_hdr hdr, the
// eVMCS hv_enlightenments_control) is one field with its bits listed. Offsets are the BTF's
// bit offsets, i.e. gcc's, not recomputed.

const MAX_DEPTH = 32; // nesting of anonymous aggregates; BTF from a compiler has a handful
const MAX_MEMBERS = 65536; // members visited in all: corrupt BTF can share aggregates into a bomb

interface Walk {
  btf: Btf;
  fields: LayoutField[];
  names: Set<string>;
  open: Set<number>; // aggregates being placed: one that contains itself is corrupt
  visited: number;
}

export function vmcs12Fields(btf: Btf, structId: number): { fields: LayoutField[]; sizeOf: number } {
  const t = btf.type(structId);
  const walk: Walk = { btf, fields: [], names: new Set(), open: new Set(), visited: 0 };
  place(walk, t, 0, false, 0);
  return { fields: walk.fields, sizeOf: t.sizeOrType };
}

function place(w: Walk, agg: BtfType, base: number, inView: boolean, depth: number): void {
  if (depth > MAX_DEPTH || w.open.has(agg.id)) {
    throw fail(w, w.open.has(agg.id) ? 'an anonymous struct or union contains itself' : `anonymous structs and unions nest deeper than ${MAX_DEPTH}`, agg);
  }
  w.visited += agg.vlen;
  if (w.visited > MAX_MEMBERS) {
    throw fail(w, `struct vmcs12 flattens to more than ${MAX_MEMBERS} members`, agg);
  }
  w.open.add(agg.id);
  const members = w.btf.members(agg);
  const isUnion = agg.kind === Kind.UNION;
  const primary = isUnion ? primaryMember(w, members) : -1;
  members.forEach((m, index) => {
    const view = inView || (isUnion && index !== primary);
    if (m.bitOffset % 8 !== 0 || m.bitfieldSize !== 0 || isIntBitfield(w, m)) {
      throw fail(w, `member "${m.name || '(anonymous)'}" is a bitfield; vmcs12 holds bitfields only inside a named struct such as struct vmcs_hdr hdr`, agg, m.name);
    }
    const offset = base + m.bitOffset / 8;
    if (m.name === '') {
      const inner = anonymousAggregate(w, m.type);
      if (!inner) {
        throw fail(w, `an unnamed member of type id ${m.type} is not an anonymous struct or union`, agg);
      }
      place(w, inner, offset, view, depth + 1);
      return;
    }
    w.fields.push(field(w, agg, m, offset, view));
  });
  w.open.delete(agg.id);
}

function field(w: Walk, agg: BtfType, m: BtfMember, offset: number, view: boolean): LayoutField {
  if (w.names.has(m.name)) {
    throw fail(w, `field "${m.name}" is defined twice`, agg, m.name);
  }
  w.names.add(m.name);
  const shape = memberShape(w, m, agg);
  const f: LayoutField = {
    name: m.name,
    type: shape.type,
    count: shape.count,
    offset,
    size: typeWidth(shape.type) * shape.count,
    role: roleFor({ name: m.name, type: shape.type, count: shape.count, offset }, view),
  };
  if (shape.bitfields) {
    f.bitfields = shape.bitfields;
  }
  return f;
}

interface Shape {
  type: FieldType;
  count: number;
  bitfields?: Bitfield[];
}

function memberShape(w: Walk, m: BtfMember, agg: BtfType): Shape {
  const t = skipQualifiers(w, m.type);
  if (t?.kind === Kind.ARRAY) {
    const { elem, nelems } = w.btf.array(t);
    if (nelems < 1) {
      throw fail(w, `array "${m.name}" has ${nelems} elements; vmcs12 arrays hold at least one`, t, m.name);
    }
    if (skipQualifiers(w, elem)?.kind === Kind.ARRAY) {
      throw fail(w, `multi-dimensional array "${m.name}" is not supported`, t, m.name);
    }
    return { type: scalarType(w, elem, m.name), count: nelems };
  }
  if (t?.kind === Kind.STRUCT) {
    return bitfieldStruct(w, t, m.name);
  }
  if (t?.kind === Kind.UNION) {
    throw fail(w, `named union member "${m.name}" is not supported: vmcs12 unions are anonymous`, agg, m.name);
  }
  return { type: scalarType(w, m.type, m.name), count: 1 };
}

// A named struct made only of bitfields of one integer type that fill it: one field of that
// type. Unnamed bitfields leave no trace in BTF; the struct's size accounts for them.
function bitfieldStruct(w: Walk, t: BtfType, name: string): Shape {
  const members = w.btf.members(t);
  const bitfields: Bitfield[] = [];
  let type: FieldType | undefined;
  for (const m of members) {
    const bits = m.bitfieldSize || intBits(w, m.type);
    const mType = scalarType(w, m.type, name);
    if (bits === undefined || m.name === '' || (type !== undefined && mType !== type)) {
      throw fail(w, `named struct member "${name}" must consist of bitfields of one type`, t, name);
    }
    type = mType;
    bitfields.push({ name: m.name, bits });
  }
  if (type === undefined || t.sizeOrType !== typeWidth(type)) {
    throw fail(w, `named struct member "${name}" (struct ${t.name || 'of bitfields'}, ${t.sizeOrType} bytes) is not one ${type ?? 'integer'} of bitfields`, t, name);
  }
  return { type, count: 1, bitfields };
}

// Through typedefs to a field type: the first typedef named u16, __u32, uint64_t,
// natural_width, ... decides (natural_width is u64 underneath); a bare unsigned integer goes by
// its size. Its size must agree, or the types are not what they claim (a mismatched base).
function scalarType(w: Walk, id: number, field: string): FieldType {
  let named: FieldType | undefined;
  for (let hops = 0, cur = id; hops < 64; hops++) {
    if (cur === 0) {
      break;
    }
    const t = w.btf.type(cur);
    if (t.kind === Kind.TYPEDEF) {
      named ??= C_TYPE_SPELLINGS.get(t.name);
      cur = t.sizeOrType;
      continue;
    }
    if (t.kind === Kind.CONST || t.kind === Kind.VOLATILE || t.kind === Kind.RESTRICT || t.kind === Kind.TYPE_TAG) {
      cur = t.sizeOrType;
      continue;
    }
    if (t.kind === Kind.INT) {
      const bySize = BY_SIZE.get(t.sizeOrType);
      const info = w.btf.int(t);
      if (!bySize || info.signed) {
        throw fail(w, `field "${field}" has type ${describe(t)}; vmcs12 fields are unsigned 8-, 16-, 32- or 64-bit integers`, t, field);
      }
      const type = named ?? bySize;
      if (typeWidth(type) !== t.sizeOrType) {
        throw fail(w, `field "${field}" is declared ${type} but its type is ${t.sizeOrType} bytes: the base does not match this module`, t, field);
      }
      return type;
    }
    throw fail(w, `field "${field}" has type ${describe(t)}, not an integer type`, t, field);
  }
  throw btfError(`field "${field}" has no integer type (void, or a typedef loop)`, { input: w.btf.input, typeId: id, field });
}

const BY_SIZE: ReadonlyMap<number, FieldType> = new Map<number, FieldType>([
  [1, 'u8'],
  [2, 'u16'],
  [4, 'u32'],
  [8, 'u64'],
]);

function intBits(w: Walk, id: number): number | undefined {
  const t = skipQualifiers(w, id, true);
  if (t?.kind !== Kind.INT) {
    return undefined;
  }
  const { bits, bitOffset } = w.btf.int(t);
  return bits !== t.sizeOrType * 8 || bitOffset !== 0 ? bits : undefined;
}

// Old-style (no kind_flag) bitfields are INTs whose bits are fewer than their size.
function isIntBitfield(w: Walk, m: BtfMember): boolean {
  return intBits(w, m.type) !== undefined;
}

function primaryMember(w: Walk, members: BtfMember[]): number {
  const struct = members.findIndex((m) => m.name === '' && anonymousAggregate(w, m.type)?.kind === Kind.STRUCT);
  return struct >= 0 ? struct : 0;
}

function anonymousAggregate(w: Walk, id: number): BtfType | undefined {
  const t = skipQualifiers(w, id);
  return t && (t.kind === Kind.STRUCT || t.kind === Kind.UNION) ? t : undefined;
}

function skipQualifiers(w: Walk, id: number, typedefs = false): BtfType | undefined {
  let cur = id;
  for (let hops = 0; hops < 64 && cur !== 0; hops++) {
    const t = w.btf.type(cur);
    const skip = t.kind === Kind.CONST || t.kind === Kind.VOLATILE || t.kind === Kind.RESTRICT || t.kind === Kind.TYPE_TAG || (typedefs && t.kind === Kind.TYPEDEF);
    if (!skip) {
      return t;
    }
    cur = t.sizeOrType;
  }
  return undefined;
}

function describe(t: BtfType): string {
  return `${KIND_NAMES[t.kind] ?? t.kind}${t.name ? ` "${t.name}"` : ''} (type id ${t.id})`;
}

function fail(w: Walk, message: string, t: BtfType, field?: string): Error {
  const input = t.id < w.btf.firstId ? 'base' : w.btf.input;
  return btfError(message, { input, typeId: t.id, offset: t.at, ...(field ? { field } : {}) });
}

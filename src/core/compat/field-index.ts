import { typeWidth, type FieldType } from '../layouts/field-types';
import { dataFields, type Layout, type LayoutField } from '../layouts/layout';

// Declared renames, from → to (POST /aliases). Both layouts' names go through them, so a report
// written before or after the rename matches the same bytes.
export type Aliases = ReadonlyMap<string, string>;

// Follows a chain of renames (a→b, b→c gives c). A cycle stops at the last name before it
// would repeat, so a bad alias set cannot hang a report.
export function canonicalName(name: string, aliases?: Aliases): string {
  if (!aliases || aliases.size === 0) {
    return name;
  }
  let current = name;
  const seen = new Set<string>([current]);
  for (let next = aliases.get(current); next !== undefined && !seen.has(next); next = aliases.get(current)) {
    current = next;
    seen.add(current);
  }
  return current;
}

// natural_width is u64 by another name: the two compare equal everywhere.
export function normalType(type: FieldType): FieldType {
  return type === 'natural_width' ? 'u64' : type;
}

export interface IndexedField {
  key: string; // canonical name used to match fields across layouts
  field: LayoutField;
  width: number; // bytes per element
  end: number; // offset + size, exclusive
}

// A layout's data fields prepared once for many comparisons (the matrix reuses it for N
// reports per added layout).
export interface IndexedLayout {
  layout: Layout;
  data: IndexedField[]; // sorted by offset
  byKey: Map<string, IndexedField>;
  signature: string; // revision, size and data fields; equal signatures mean `identical`
  reserved: ByteRange[]; // bytes of padding fields, merged and sorted
  usedEnd: number; // end of the last field that is not padding: bytes past it are unused
}

export interface ByteRange {
  start: number;
  end: number; // exclusive
}

// Whether every byte of [start, end) lies in one of the sorted, merged ranges.
export function covers(ranges: readonly ByteRange[], start: number, end: number): boolean {
  return ranges.some((r) => r.start <= start && end <= r.end);
}

function reservedRanges(layout: Layout): ByteRange[] {
  const sorted = layout.fields
    .filter((f) => f.role === 'padding')
    .map((f) => ({ start: f.offset, end: f.offset + f.size }))
    .sort((x, y) => x.start - y.start);
  const merged: ByteRange[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
    } else {
      merged.push({ ...r });
    }
  }
  return merged;
}

export function indexLayout(layout: Layout, aliases?: Aliases): IndexedLayout {
  const sorted = [...dataFields(layout)].sort((x, y) => x.offset - y.offset);
  const byKey = new Map<string, IndexedField>();
  // A field whose own name is the canonical one keeps it when two fields of one layout
  // rename onto the same name; the other one keeps its own name.
  const exact = new Set(sorted.map((f) => f.name));
  const data: IndexedField[] = [];
  for (const field of sorted) {
    let key = canonicalName(field.name, aliases);
    if (key !== field.name && exact.has(key)) {
      key = field.name;
    }
    while (byKey.has(key)) {
      key = `${key}\u0000`;
    }
    const width = typeWidth(field.type);
    const entry: IndexedField = { key, field, width, end: field.offset + width * field.count };
    byKey.set(key, entry);
    data.push(entry);
  }
  const parts = data.map((d) => `${d.key}:${normalType(d.field.type)}x${d.field.count}@${d.field.offset}`);
  const usedEnd = Math.max(0, ...layout.fields.filter((f) => f.role !== 'padding').map((f) => f.offset + f.size));
  return {
    layout,
    data,
    byKey,
    signature: `${layout.revision}/${layout.size}/${parts.join(',')}`,
    reserved: reservedRanges(layout),
    usedEnd,
  };
}

// The fields of A and B paired by canonical name, in A's offset order.
export interface FieldMatch {
  shared: Array<{ a: IndexedField; b: IndexedField }>;
  onlyA: IndexedField[];
  onlyB: IndexedField[];
}

export function matchFields(a: IndexedLayout, b: IndexedLayout): FieldMatch {
  const shared: FieldMatch['shared'] = [];
  const onlyA: IndexedField[] = [];
  for (const fa of a.data) {
    const fb = b.byKey.get(fa.key);
    if (fb) {
      shared.push({ a: fa, b: fb });
    } else {
      onlyA.push(fa);
    }
  }
  const onlyB = b.data.filter((fb) => !a.byKey.has(fb.key));
  return { shared, onlyA, onlyB };
}

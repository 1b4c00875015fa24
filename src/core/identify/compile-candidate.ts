import type { Layout, LayoutField } from '../layouts/layout';
import type { FieldRule } from './evidence';
import { FIELD_RULES } from './rules';

// A layout prepared for identification once, reused for every blob: its scalar fields by name,
// the rules that apply to it bound to their fields, and the byte spans that must be zero
// (reserved fields, and bytes no field holds, such as everything past the used size).
export interface Span {
  from: number;
  to: number; // exclusive
  field: string; // the reserved field, or "" for bytes no field holds
}

export interface CompiledCandidate {
  header: LayoutField | undefined;
  scalars: ReadonlyMap<string, LayoutField>;
  data: readonly LayoutField[];
  dataIds: readonly number[]; // per data field: an id for its name, offset and size
  rules: ReadonlyArray<{ rule: FieldRule; field: LayoutField }>;
  zeroSpans: readonly Span[];
}

const cache = new WeakMap<Layout, Map<string, CompiledCandidate>>();
// name@offset:size -> id, shared by every compiled layout so equal ids mean equal placement.
// Bounded by the distinct placements ever registered (a few thousand); ids stay below 0xd800 so
// that a key of ids is a valid string of UTF-16 units.
const placementIds = new Map<string, number>();

function placementId(f: LayoutField): number {
  const key = `${f.name}@${f.offset}:${f.size}`;
  let id = placementIds.get(key);
  if (id === undefined) {
    id = placementIds.size + 1;
    if (id >= 0xd800) {
      throw new Error('identify: too many distinct field placements');
    }
    placementIds.set(key, id);
  }
  return id;
}

// `reserved`: names the registry has declared reserved (POST /reserved), treated like padding;
// `key` names that set for the cache.
export function compileCandidate(layout: Layout, reserved: ReadonlySet<string>, key: string): CompiledCandidate {
  let byKey = cache.get(layout);
  if (!byKey) {
    byKey = new Map();
    cache.set(layout, byKey);
  }
  const hit = byKey.get(key);
  if (hit) {
    return hit;
  }
  const compiled = compile(layout, reserved);
  byKey.set(key, compiled);
  return compiled;
}

function compile(layout: Layout, reserved: ReadonlySet<string>): CompiledCandidate {
  const isReserved = (f: LayoutField): boolean => f.role === 'padding' || (f.role === 'data' && reserved.has(f.name));
  const data = layout.fields.filter((f) => f.role === 'data' && !reserved.has(f.name));
  const scalars = new Map(data.filter((f) => f.count === 1).map((f) => [f.name, f]));
  const rules = FIELD_RULES.flatMap((rule) => {
    const field = scalars.get(rule.field);
    return field ? [{ rule, field }] : [];
  });
  const zeroSpans: Span[] = layout.fields.filter(isReserved).map((f) => ({ from: f.offset, to: f.offset + f.size, field: f.name }));
  zeroSpans.push(...unheldSpans(layout));
  return { header: layout.fields.find((f) => f.role === 'header'), scalars, data, dataIds: data.map(placementId), rules, zeroSpans };
}

// Bytes of the blob that no field of any role covers: gaps and the tail past the used size.
function unheldSpans(layout: Layout): Span[] {
  const held = new Uint8Array(layout.size);
  for (const f of layout.fields) {
    held.fill(1, f.offset, Math.min(f.offset + f.size, layout.size));
  }
  const spans: Span[] = [];
  for (let i = 0; i < held.length; ) {
    if (held[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < held.length && !held[j]) {
      j++;
    }
    spans.push({ from: i, to: j, field: '' });
    i = j;
  }
  return spans;
}

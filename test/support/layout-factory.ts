import fc from 'fast-check';
import { assertNever } from '../../src/core/errors';
import { FIELD_TYPES, typeWidth, type FieldType } from '../../src/core/layouts/field-types';
import type { Layout, LayoutField } from '../../src/core/layouts/layout';

// Synthetic layouts for properties and benches: fields packed one after another behind the u32
// header, as `__packed` lays them out, with padding arrays named like the kernel's.
export interface FieldSpec {
  name: string;
  type: FieldType;
  count: number;
  padding?: boolean;
}

export const BASE_REVISION = 0x11e57ed0;

export function packLayout(specs: readonly FieldSpec[], revision = BASE_REVISION, slack = 0): Layout {
  const fields: LayoutField[] = [{ name: 'revision_id', type: 'u32', count: 1, offset: 0, size: 4, role: 'header' }];
  let offset = 4;
  for (const s of specs) {
    const size = typeWidth(s.type) * s.count;
    fields.push({ name: s.name, type: s.type, count: s.count, offset, size, role: s.padding ? 'padding' : 'data' });
    offset += size;
  }
  return { revision, size: offset + slack, fields };
}

export type Mutation =
  | { kind: 'remove'; at: number }
  | { kind: 'insert'; at: number; type: FieldType; count: number }
  | { kind: 'retype'; at: number; type: FieldType }
  | { kind: 'recount'; at: number; count: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'pad'; at: number; count: number };

// Applies edits the way layouts changed in history: fields dropped, inserted mid-struct,
// widened or narrowed, reordered, and padding put in. New names never reuse old ones.
export function mutate(specs: readonly FieldSpec[], mutations: readonly Mutation[], tag = 'g'): FieldSpec[] {
  const out = specs.map((s) => ({ ...s }));
  mutations.forEach((m, n) => {
    const at = out.length === 0 ? 0 : m.at % out.length;
    switch (m.kind) {
      case 'remove':
        out.splice(at, 1);
        break;
      case 'insert':
        out.splice(at, 0, { name: `${tag}${n}`, type: m.type, count: m.count });
        break;
      case 'retype':
        if (out[at]) {
          out[at].type = m.type;
        }
        break;
      case 'recount':
        if (out[at]) {
          out[at].count = m.count;
        }
        break;
      case 'swap': {
        const other = out.length === 0 ? 0 : m.with % out.length;
        const x = out[at];
        const y = out[other];
        if (x && y) {
          out[at] = y;
          out[other] = x;
        }
        break;
      }
      case 'pad':
        out.splice(at, 0, { name: `padding_${tag}${n}`, type: 'u32', count: m.count, padding: true });
        break;
      default:
        assertNever(m, 'mutation');
    }
  });
  return out;
}

const typeArb = fc.constantFrom<FieldType>(...FIELD_TYPES);
const countArb = fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) });

export const fieldSpecsArb: fc.Arbitrary<FieldSpec[]> = fc
  .array(fc.record({ type: typeArb, count: countArb, padding: fc.boolean() }), { minLength: 1, maxLength: 30 })
  .map((rows) =>
    rows.map((r, i) => ({ name: r.padding && i % 3 === 0 ? `padding${i}` : `f${i}`, type: r.type, count: r.count, padding: r.padding && i % 3 === 0 })),
  );

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), type: typeArb, count: countArb }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), type: typeArb }),
  fc.record({ kind: fc.constant('recount' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('pad' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }),
);

export const layoutArb: fc.Arbitrary<Layout> = fc
  .tuple(fieldSpecsArb, fc.integer({ min: 0, max: 32 }))
  .map(([specs, slack]) => packLayout(specs, BASE_REVISION, slack));

// A and a B derived from it; about a third share A's revision id (the history of vmcs12).
export const layoutPairArb: fc.Arbitrary<{ a: Layout; b: Layout }> = fc
  .tuple(fieldSpecsArb, fc.array(mutationArb, { maxLength: 8 }), fc.boolean(), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 32 }))
  .map(([specs, mutations, sameRevision, slackA, slackB]) => ({
    a: packLayout(specs, BASE_REVISION, slackA),
    b: packLayout(mutate(specs, mutations), sameRevision ? BASE_REVISION : BASE_REVISION + 1, slackB),
  }));

// B differs from A only the ways mainline has been allowed to change since 2018: fields put
// into padding, fields retired into padding of the same size, fields appended; same blob size.
export const inPlacePairArb: fc.Arbitrary<{ a: Layout; b: Layout }> = fc
  .tuple(fieldSpecsArb, fc.array(fc.boolean(), { maxLength: 30 }), fc.array(fc.record({ type: typeArb, count: countArb }), { maxLength: 3 }), fc.boolean())
  .map(([specs, flips, appended, sameRevision]) => {
    const changed = specs.map((s, i): FieldSpec => {
      if (!flips[i]) {
        return s;
      }
      return s.padding ? { name: `p${i}`, type: s.type, count: s.count } : { name: `padding_${s.name}`, type: s.type, count: s.count, padding: true };
    });
    changed.push(...appended.map((x, i) => ({ name: `tail${i}`, ...x })));
    const a = packLayout(specs);
    const b = packLayout(changed, sameRevision ? BASE_REVISION : BASE_REVISION + 1);
    const size = Math.max(a.size, b.size) + 8;
    return { a: { ...a, size }, b: { ...b, size } };
  });

// Deterministic PRNG (mulberry32) so benches and snapshot-like tests see the same layouts.
export function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

// A vmcs12-sized base of `fields` fields (mostly u64/natural_width/u32/u16, as the real struct)
// and `n` layouts each a few random edits away from it, sized 4096 like VMCS12_SIZE.
export function syntheticLayouts(n: number, fields = 150, seed = 1): Layout[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const types: FieldType[] = ['u64', 'u64', 'natural_width', 'u32', 'u32', 'u16'];
  const base: FieldSpec[] = Array.from({ length: fields }, (_, i) => ({ name: `f${i}`, type: pick(types), count: 1 }));
  const kinds: Mutation['kind'][] = ['remove', 'insert', 'retype', 'recount', 'swap', 'pad'];
  return Array.from({ length: n }, (_, i) => {
    const edits = Array.from({ length: Math.floor(rand() * 6) }, (): Mutation => {
      const at = Math.floor(rand() * fields);
      const kind = pick(kinds);
      switch (kind) {
        case 'remove':
          return { kind, at };
        case 'insert':
          return { kind, at, type: pick(types), count: 1 };
        case 'retype':
          return { kind, at, type: pick(types) };
        case 'recount':
          return { kind, at, count: 1 + Math.floor(rand() * 3) };
        case 'swap':
          return { kind, at, with: Math.floor(rand() * fields) };
        case 'pad':
          return { kind, at, count: 1 + Math.floor(rand() * 3) };
      }
    });
    const specs = mutate(base, edits, `l${i}_`);
    const layout = packLayout(specs, BASE_REVISION + (rand() < 0.5 ? 0 : 1 + (i % 4)));
    return { ...layout, size: 4096 };
  });
}

export function randomBlob(layout: Layout, rand: () => number, density = 0.5): Uint8Array {
  const blob = new Uint8Array(layout.size);
  for (let i = 4; i < blob.length; i++) {
    blob[i] = rand() < density ? Math.floor(rand() * 256) : 0;
  }
  const r = layout.revision;
  blob[0] = r & 0xff;
  blob[1] = (r >>> 8) & 0xff;
  blob[2] = (r >>> 16) & 0xff;
  blob[3] = ((r >>> 24) & 0x7f) | (rand() < 0.5 ? 0x80 : 0);
  return blob;
}

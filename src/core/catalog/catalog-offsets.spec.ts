import { gccLayouts } from '../../../test/fixtures/layouts/gcc-offsets';
import { layoutToC } from '../layouts/to-c';
import { loadCatalog, type CatalogEntry } from './catalog';

// Every catalog layout against the compiler: gcc compiles the text the catalog holds (its own
// C, or the C the registry prints for a JSON entry) and says where each field lands. Where the
// tree pinned its offsets with CHECK_OFFSET, those lines are compiled too, as static
// assertions, and compared with the parsed layout: the tree's own word on every offset.

const catalog = loadCatalog();
const CHECK = /^\s*CHECK_OFFSET\((\w+), (\d+)\);/gm;
const checksOf = (e: CatalogEntry): [string, number][] => [...e.source.matchAll(CHECK)].map((m) => [m[1] as string, Number(m[2])]);

// The kernel's spellings of a compile-time offset check, as C11 static assertions.
const KERNEL_SHIMS = `#ifndef KVM_STATE_NESTED_VMX_VMCS_SIZE
#define KVM_STATE_NESTED_VMX_VMCS_SIZE 0x1000
#define BUILD_BUG_ON_MSG(cond, msg) _Static_assert(!(cond), msg)
#define ASSERT_STRUCT_OFFSET(type, field, off) _Static_assert(offsetof(type, field) == (off), #field)
#define static_assert _Static_assert
#endif
`;

function compiledText(e: CatalogEntry, id: string): string {
  if (e.format === 'json') {
    return layoutToC(e.layout);
  }
  return [
    KERNEL_SHIMS,
    `#define vmx_check_vmcs12_offsets vmx_check_vmcs12_offsets_${id}`,
    e.source,
    '#undef vmx_check_vmcs12_offsets',
    '#undef CHECK_OFFSET',
    '#undef VMCS12_MAX_FIELD_INDEX',
  ].join('\n');
}

const gcc = gccLayouts(catalog.map((e, i) => ({ id: `k${i}`, text: compiledText(e, `k${i}`), members: e.layout.fields.map((f) => f.name) })));

describe('catalog layouts against gcc', () => {
  it.each(catalog.map((e, i) => [e.name, e, i] as const))('%s: gcc puts every field where the catalog says', (name, e, i) => {
    const result = gcc.get(`k${i}`);
    expect([name, [...(result?.offsets ?? [])]]).toEqual([name, e.layout.fields.map((f) => [f.name, f.offset])]);
    const last = e.layout.fields[e.layout.fields.length - 1];
    expect(result?.sizeOf).toBeGreaterThanOrEqual((last?.offset ?? 0) + (last?.size ?? 0));
  });

  const pinned = catalog.filter((e) => checksOf(e).length > 0);

  it('holds the CHECK_OFFSET list of every tree that has one', () => {
    expect(pinned.map((e) => e.name)).toEqual(catalog.filter((e) => e.format === 'c' && !e.name.startsWith('rfc-2017')).map((e) => e.name));
    expect(pinned.length).toBeGreaterThan(5);
  });

  it.each(pinned.map((e) => [e.name, e] as const))('%s: agrees with every CHECK_OFFSET line, and the lines cover every named field', (name, e) => {
    const parsed = new Map(e.layout.fields.map((f) => [f.name, f.offset]));
    const checks = checksOf(e);
    expect([name, checks.filter(([field, offset]) => parsed.get(field) !== offset)]).toEqual([name, []]);
    // KVM checks every member but the padding arrays
    const named = e.layout.fields.filter((f) => f.role !== 'padding').map((f) => f.name);
    expect(checks.map(([field]) => field).sort()).toEqual(named.sort());
  });

  it('fails to compile a CHECK_OFFSET line that is off by one byte', () => {
    const e = pinned[0] as CatalogEntry;
    const broken = { ...e, source: e.source.replace(/CHECK_OFFSET\(abort, 4\);/, 'CHECK_OFFSET(abort, 5);') };
    expect(broken.source).not.toBe(e.source);
    expect(() => gccLayouts([{ id: 'broken', text: compiledText(broken, 'broken'), members: ['abort'] }])).toThrow();
  });
});

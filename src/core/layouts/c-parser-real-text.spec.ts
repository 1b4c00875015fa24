import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { structsFromSeedPatch } from '../../../test/fixtures/layouts/seed-patch';
import { loadCatalog } from '../catalog/catalog';
import { parseLayoutC } from './c-parser';
import { fingerprint } from './fingerprint';
import type { Layout } from './layout';

// Real texts: the 2017 RFC that reordered vmcs12 into a union over the Hyper-V enlightened
// VMCS (the seed patch), and a whole header around a real layout.

const fixtures = join(__dirname, '../../../test/fixtures/layouts');
const seed = structsFromSeedPatch(readFileSync(join(fixtures, 'seed-2017-evmcs-reorder.txt'), 'utf8'));
const catalog = new Map(loadCatalog().map((e) => [e.name, e.layout]));
const catalogLayout = (name: string): Layout => {
  const layout = catalog.get(name);
  if (!layout) {
    throw new Error(`no catalog layout ${name}`);
  }
  return layout;
};
const offsetOf = (layout: Layout, name: string) => layout.fields.find((f) => f.name === name)?.offset;

describe('the 2017 eVMCS reorder patch', () => {
  const after = parseLayoutC(seed.after);

  it('takes its new revision from the patched #define', () => {
    expect(after.revision).toBe(0x11e586b1);
  });

  it.each([
    ['host_ia32_pat', 24], // 7 u16 selectors end at 22; the unpacked union struct aligns the u64
    ['guest_rip', 816],
    ['launch_state', 2048], // after u64 hv_vmcs[255] from offset 8
  ])('places %s at %i', (name, offset) => {
    expect(offsetOf(after.layout, name)).toBe(offset);
  });

  it('makes hv_vmcs a view over the named fields', () => {
    expect(after.layout.fields.find((f) => f.name === 'hv_vmcs')).toMatchObject({ role: 'view', offset: 8, count: 255 });
    expect(after.layout.fields.filter((f) => f.role === 'view')).toHaveLength(1);
  });

  it('puts 137 of the 141 fields it shares with the Hyper-V eVMCS at the eVMCS offsets', () => {
    const evmcs = catalogLayout('hyperv-evmcs-v1');
    const shared = evmcs.fields.filter((f) => offsetOf(after.layout, f.name) !== undefined);
    const moved = shared.filter((f) => offsetOf(after.layout, f.name) !== f.offset).map((f) => f.name);
    expect(shared).toHaveLength(141);
    expect(shared.length - moved.length).toBe(137);
    expect(moved).toEqual(['guest_ia32_perf_global_ctrl', 'padding64_5', 'host_ia32_perf_global_ctrl', 'padding64_6']);
  });

  it('reorders a struct that is field for field the linux-v4.14 layout', () => {
    const before = parseLayoutC(seed.before);
    const fields = (l: Layout) => l.fields.map((f) => [f.name, f.type, f.count, f.offset]);
    expect(before.revision).toBe(0x11e57ed0);
    expect(fields(before.layout)).toEqual(fields(catalogLayout('linux-v4.14')));
    expect(fingerprint(before.layout)).toBe(fingerprint(catalogLayout('linux-v4.14')));
  });
});

describe('a whole header around struct vmcs12', () => {
  const text = readFileSync(join(fixtures, 'fake-vmcs12-header.h'), 'utf8');

  it('skips includes, macros with continuations, inline functions and other structs', () => {
    const parsed = parseLayoutC(text);
    expect([parsed.revision, parsed.size]).toEqual([0x11e57ed0, 4096]);
    expect(fingerprint(parsed.layout)).toBe(fingerprint(catalogLayout('linux-v4.19-hdr')));
  });

  it('collects object-like #defines only, continuations joined', () => {
    const { defines } = parseLayoutC(text);
    expect(defines.VMCS12_SIZE).toBe('KVM_STATE_NESTED_VMX_VMCS_SIZE');
    expect(defines.CHECK_OFFSET).toBeUndefined(); // function-like
    expect(defines.__KVM_X86_VMX_FAKE_VMCS12_H).toBe('');
  });

  it('reads CRLF text the same way', () => {
    const crlf = parseLayoutC(text.replace(/\n/g, '\r\n'));
    expect(fingerprint(crlf.layout)).toBe(fingerprint(catalogLayout('linux-v4.19-hdr')));
    expect(crlf.layout.fields[1]?.source).toEqual(parseLayoutC(text).layout.fields[1]?.source);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gccLayouts } from '../../../test/fixtures/layouts/gcc-offsets';
import { loadCatalog } from '../catalog/catalog';
import { CoreError } from '../errors';
import { parseLayoutC } from './c-parser';
import { fingerprint } from './fingerprint';
import { layoutFromJson } from './from-json';
import { layoutToC } from './to-c';

// layoutToC prints C that means the same layout: same fingerprint when parsed back, same
// offsets when gcc compiles it.

const catalog = loadCatalog();
const fixtures = join(__dirname, '../../../test/fixtures/layouts');
const json = (...fields: object[]) => layoutFromJson({ revision: '0x11e57ed0', size: 4096, fields: [{ name: 'revision_id', type: 'u32', offset: 0 }, ...fields] });
const refusal = (f: () => unknown): CoreError => {
  try {
    f();
  } catch (e) {
    if (e instanceof CoreError) {
      return e;
    }
  }
  throw new Error('expected a refusal');
};

describe('layoutToC', () => {
  it.each(catalog.map((e) => [e.name, e] as const))('prints %s so that it parses back to the same fingerprint', (_, entry) => {
    const text = layoutToC(entry.layout, { name: entry.name });
    expect(text).toContain('struct __packed vmcs12 {');
    expect(fingerprint(parseLayoutC(text).layout)).toBe(entry.fingerprint);
  });

  it('prints every catalog layout so that gcc puts every field at the catalog offset', () => {
    const gcc = gccLayouts(catalog.map((e, i) => ({ id: `c${i}`, text: layoutToC(e.layout), members: e.layout.fields.map((f) => f.name) })));
    catalog.forEach((e, i) => {
      expect([e.name, [...(gcc.get(`c${i}`)?.offsets ?? [])]]).toEqual([e.name, e.layout.fields.map((f) => [f.name, f.offset])]);
    });
  });

  it.each(catalog.map((e) => [e.name, e] as const))('matches the committed fixture test/fixtures/layouts/%s.h', (name, entry) => {
    expect(readFileSync(join(fixtures, `${name}.h`), 'utf8')).toBe(layoutToC(entry.layout, { name, standalone: true }));
  });

  it('prints the 2017 union with the view beside an anonymous struct, alignment holes as unnamed bitfields', () => {
    const reorder = catalog.find((e) => e.name === 'rfc-2017-evmcs-reorder');
    const text = layoutToC(reorder?.layout ?? json());
    expect(text).toMatch(/union __packed \{\n\t\tu64 hv_vmcs\[255\];\n\t\tstruct __packed \{\n\t\t\tu16 host_es_selector;/);
    expect(text).toMatch(/u16 host_tr_selector;\n\t\t\tu16 :16;\n\t\t\tu64 host_ia32_pat;/);
  });

  it('fills gaps of a JSON layout without adding fields', () => {
    const layout = json({ name: 'a', type: 'u8', offset: 4 }, { name: 'b', type: 'u64', offset: 20 });
    const text = layoutToC(layout);
    expect(text).toContain('\tu8 a;\n\tu64 :64;\n\tu32 :32;\n\tu16 :16;\n\tu8 :8;\n\tu64 b;');
    expect(fingerprint(parseLayoutC(text).layout)).toBe(fingerprint(layout));
  });

  it('prints views that overlay nothing else inside a union with an empty data struct', () => {
    const layout = json({ name: 'v', type: 'u32', offset: 8, role: 'view' });
    expect(layoutToC(layout)).toContain('\tu32 :32;\n\tunion __packed {\n\t\tstruct __packed { };\n\t\tu32 v;\n\t};');
    expect(fingerprint(parseLayoutC(layoutToC(layout)).layout)).toBe(fingerprint(layout));
  });

  it('prints the 4.19 header and other bitfields', () => {
    const hv = catalog.find((e) => e.name === 'hyperv-evmcs-v1')?.layout ?? json();
    const hdr = catalog.find((e) => e.name === 'linux-v4.19-hdr')?.layout ?? json();
    expect(layoutToC(hdr)).toContain('\tstruct vmcs_hdr hdr;\n');
    expect(layoutToC(hv)).toContain('struct __packed { u32 nested_flush_hypercall:1; u32 msr_bitmap:1; u32 reserved:30; } hv_enlightenments_control;');
  });

  it('refuses data declared out of offset order', () => {
    const layout = json({ name: 'b', type: 'u32', offset: 8 }, { name: 'a', type: 'u32', offset: 4 });
    expect(refusal(() => layoutToC(layout))).toMatchObject({ code: 'INVALID_LAYOUT' });
  });

  it('refuses roles the C naming rules cannot give', () => {
    const layout = json({ name: 'spare', type: 'u32', offset: 4, role: 'padding' });
    expect(refusal(() => layoutToC(layout)).message).toContain('cannot be printed as C');
  });
});

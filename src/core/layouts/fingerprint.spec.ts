import { parseLayoutC } from './c-parser';
import { canonicalLayout, fingerprint } from './fingerprint';
import { layoutFromJson } from './from-json';
import type { Layout } from './layout';

// The fingerprint says "same layout" across names, formats, formatting and comments, and
// nothing else: any change to revision, size or a field's name, type, count, offset, role or
// bitfields changes it.

const base = (): Layout =>
  parseLayoutC('struct __packed vmcs12 {\n\tu32 revision_id;\n\tu32 abort;\n\tu64 padding64[2];\n};', { revision: 0x11e57ed0 }).layout;

describe('fingerprint', () => {
  it('is sha256 over the canonical layout, in hex', () => {
    expect(fingerprint(base())).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('ignores formatting, comments, source locations and the #defines around the struct', () => {
    const other = parseLayoutC(
      '// a comment\n#define VMCS12_REVISION 0x11e57ed0\n\n\nstruct vmcs12 { u32 revision_id, abort; /* x */ u64 padding64[0x2]; } __packed;',
    ).layout;
    expect(other.fields[1]?.source).not.toEqual(base().fields[1]?.source);
    expect(fingerprint(other)).toBe(fingerprint(base()));
  });

  it('is the same for the JSON form of the same struct', () => {
    const json = layoutFromJson({
      revision: '0x11e57ed0',
      size: 4096,
      fields: [
        { name: 'revision_id', type: 'u32', offset: 0 },
        { name: 'abort', type: 'u32', offset: 4 },
        { name: 'padding64', type: 'u64', count: 2, offset: 8 },
      ],
    });
    expect(fingerprint(json)).toBe(fingerprint(base()));
  });

  it.each<[string, (l: Layout) => void]>([
    ['revision', (l) => (l.revision = 0x11e57ed1)],
    ['size', (l) => (l.size = 8192)],
    ['a name', (l) => l.fields[1] && (l.fields[1].name = 'abort2')],
    ['a type', (l) => l.fields[2] && (l.fields[2].type = 'natural_width')],
    ['a count', (l) => l.fields[2] && (l.fields[2].count = 3)],
    ['an offset', (l) => l.fields[2] && (l.fields[2].offset = 16)],
    ['a role', (l) => l.fields[2] && (l.fields[2].role = 'data')],
    ['bitfields', (l) => l.fields[0] && (l.fields[0].bitfields = [{ name: 'revision_id', bits: 31 }])],
    ['the field order', (l) => l.fields.reverse()],
  ])('changes with %s', (_, change) => {
    const changed = base();
    change(changed);
    expect(fingerprint(changed)).not.toBe(fingerprint(base()));
  });

  it('canonicalizes with a fixed key order and without source locations', () => {
    expect(JSON.stringify(canonicalLayout(base()).fields[0])).toBe(
      '{"name":"revision_id","type":"u32","count":1,"offset":0,"role":"header"}',
    );
  });
});

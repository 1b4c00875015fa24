import { parseLayoutC } from './c-parser';
import type { LayoutField } from './layout';

// The C dialect of struct vmcs12 across kernel versions, with offsets gcc gives on x86-64.

const parse = (body: string, head = 'struct __packed vmcs12 {', tail = '};') =>
  parseLayoutC(`${head}\n${body}\n${tail}\n`, { revision: 0x11e57ed0 }).layout;

const summary = (fields: LayoutField[]) => fields.map((f) => `${f.name}:${f.type}x${f.count}@${f.offset}/${f.role}`);

describe('parseLayoutC packing', () => {
  it.each([
    ['__packed before the name', 'struct __packed vmcs12 {', '};'],
    ['__packed after the braces', 'struct vmcs12 {', '} __packed;'],
    ['__attribute__((packed)) before the name', 'struct __attribute__((packed)) vmcs12 {', '};'],
    ['__attribute__((__packed__)) after the name', 'struct vmcs12 __attribute__((__packed__)) {', '};'],
  ])('packs the outer struct with %s', (_, head, tail) => {
    const layout = parse('u32 revision_id;\nu8 a;\nu64 b;\nu16 c;', head, tail);
    expect(summary(layout.fields)).toEqual(['revision_id:u32x1@0/header', 'a:u8x1@4/data', 'b:u64x1@5/data', 'c:u16x1@13/data']);
  });

  it('aligns members naturally when the outer struct is not packed', () => {
    const layout = parse('u32 revision_id;\nu8 a;\nu64 b;\nu16 c;', 'struct vmcs12 {');
    expect(layout.fields.map((f) => f.offset)).toEqual([0, 4, 8, 16]);
  });

  it('lays a nested anonymous struct out unpacked, placed at the next byte of the packed outer struct', () => {
    const layout = parse('u32 revision_id;\nu8 a;\nstruct {\n u8 b;\n u32 c;\n};\nu8 d;');
    expect(summary(layout.fields)).toEqual(['revision_id:u32x1@0/header', 'a:u8x1@4/data', 'b:u8x1@5/data', 'c:u32x1@9/data', 'd:u8x1@13/data']);
  });

  it('packs a nested aggregate marked packed, before or after its braces', () => {
    const before = parse('u32 revision_id;\nu8 a;\nunion __packed { u64 v; struct __packed { u8 b; u64 c; }; };\nu8 d;');
    const after = parse('u32 revision_id;\nu8 a;\nunion { u64 v; struct { u8 b; u64 c; } __packed; } __attribute__((packed));\nu8 d;');
    expect(summary(before.fields)).toEqual(summary(after.fields));
    expect(summary(before.fields)).toEqual([
      'revision_id:u32x1@0/header',
      'a:u8x1@4/data',
      'v:u64x1@5/view',
      'b:u8x1@5/data',
      'c:u64x1@6/data',
      'd:u8x1@14/data',
    ]);
  });

  it('rounds a union up to its alignment and nests unions in structs in unions', () => {
    const layout = parse('u32 revision_id;\nunion { u64 a; u8 b[9]; };\nu8 c;\nunion { struct { u16 d; union { u32 e; u16 f; }; }; u64 g; };\nu8 h;', 'struct vmcs12 {');
    expect(summary(layout.fields)).toEqual([
      'revision_id:u32x1@0/header',
      'a:u64x1@8/data',
      'b:u8x9@8/view',
      'c:u8x1@24/data',
      'd:u16x1@32/data',
      'e:u32x1@36/data',
      'f:u16x1@36/view',
      'g:u64x1@32/view',
      'h:u8x1@40/data',
    ]);
  });
});

describe('parseLayoutC declarations', () => {
  it('reads every spelling of the member types', () => {
    const layout = parse('__u32 revision_id;\nuint8_t a;\n__u16 b;\nuint64_t c;\n__u64 d;\nnatural_width e;\nu16 f;');
    expect(layout.fields.map((f) => f.type)).toEqual(['u32', 'u8', 'u16', 'u64', 'u64', 'natural_width', 'u16']);
  });

  it('reads arrays sized by decimal, hex and octal literals and by macros', () => {
    const text = '#define NPAD (0x3)\nstruct __packed vmcs12 {\n u32 revision_id;\n u64 padding64[8];\n u32 padding32[0x7];\n u16 x[010];\n u8 reserved[NPAD];\n};';
    const layout = parseLayoutC(text, { revision: 1 }).layout;
    expect(summary(layout.fields)).toEqual([
      'revision_id:u32x1@0/header',
      'padding64:u64x8@4/padding',
      'padding32:u32x7@68/padding',
      'x:u16x8@96/data',
      'reserved:u8x3@112/padding',
    ]);
  });

  it('reads several declarators in one declaration', () => {
    const layout = parse('u32 revision_id, abort;\nu16 a, b[2], c;');
    expect(summary(layout.fields)).toEqual(['revision_id:u32x1@0/header', 'abort:u32x1@4/data', 'a:u16x1@8/data', 'b:u16x2@10/data', 'c:u16x1@14/data']);
  });

  it('knows struct vmcs_hdr without its definition: one u32 header with two bitfields', () => {
    const layout = parse('struct vmcs_hdr hdr;\nu32 abort;');
    expect(layout.fields[0]).toMatchObject({
      name: 'hdr',
      type: 'u32',
      offset: 0,
      role: 'header',
      bitfields: [
        { name: 'revision_id', bits: 31 },
        { name: 'shadow_vmcs', bits: 1 },
      ],
    });
  });

  it('reads a named struct of bitfields as one field (eVMCS hv_enlightenments_control)', () => {
    const layout = parse('u32 revision_id;\nstruct {\n u32 nested_flush_hypercall:1;\n u32 msr_bitmap:1;\n u32 reserved:30;\n} __packed hv_enlightenments_control;');
    expect(layout.fields[1]).toMatchObject({ name: 'hv_enlightenments_control', type: 'u32', offset: 4, role: 'data' });
    expect(layout.fields[1]?.bitfields?.map((b) => b.bits)).toEqual([1, 1, 30]);
  });

  it('skips unnamed full-width bitfields, which occupy bytes but name nothing', () => {
    const layout = parse('u32 revision_id;\nu8 :8;\nu64 :64;\nu16 a;');
    expect(summary(layout.fields)).toEqual(['revision_id:u32x1@0/header', 'a:u16x1@13/data']);
  });

  it('ignores comments, including declarations inside them', () => {
    const layout = parse('u32 revision_id; // u32 not_a_field;\n/* u64 neither;\n u8 nor; */ u32 abort; /* room */');
    expect(layout.fields.map((f) => f.name)).toEqual(['revision_id', 'abort']);
  });

  it('records where each member was declared, 1-based', () => {
    const layout = parseLayoutC('\nstruct __packed vmcs12 {\n\tu32 revision_id;\n\tu16 a,  b;\n};', { revision: 1 }).layout;
    expect(layout.fields.map((f) => f.source)).toEqual([
      { line: 3, column: 6 },
      { line: 4, column: 6 },
      { line: 4, column: 10 },
    ]);
  });

  it('names padding and reserved fields padding', () => {
    const layout = parse('u32 revision_id;\nu32 hv_padding_32;\nu64 reserved_1;\nu32 my_reserved;');
    expect(layout.fields.map((f) => f.role)).toEqual(['header', 'padding', 'padding', 'data']);
  });
});

describe('parseLayoutC revision and size', () => {
  const body = 'struct __packed vmcs12 { u32 revision_id; };';

  it('takes VMCS12_REVISION and VMCS12_SIZE from #defines anywhere in the text', () => {
    const r = parseLayoutC(`${body}\n#define VMCS12_REVISION 0x11e57ed0\n#define VMCS12_SIZE 0x2000 /* 8 KiB */\n`);
    expect([r.revision, r.size, r.layout.revision, r.layout.size]).toEqual([0x11e57ed0, 0x2000, 0x11e57ed0, 0x2000]);
    expect(r.defines).toMatchObject({ VMCS12_REVISION: '0x11e57ed0', VMCS12_SIZE: '0x2000' });
  });

  it('knows VMCS12_SIZE defined as KVM_STATE_NESTED_VMX_VMCS_SIZE is 0x1000', () => {
    const r = parseLayoutC(`#define VMCS12_SIZE KVM_STATE_NESTED_VMX_VMCS_SIZE\n#define VMCS12_REVISION 0x11e57ed0\n${body}`);
    expect(r.size).toBe(4096);
  });

  it('lets the caller override both, and defaults the size to 4096', () => {
    const r = parseLayoutC(`#define VMCS12_REVISION 0x11e57ed0\n#define VMCS12_SIZE 0x2000\n${body}`, { revision: '0x11e586b1', size: 1024 });
    expect([r.revision, r.size]).toEqual([0x11e586b1, 1024]);
    expect(parseLayoutC(body, { revision: 5 }).size).toBe(4096);
  });

  it('refuses a text without any revision', () => {
    expect(() => parseLayoutC(body)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

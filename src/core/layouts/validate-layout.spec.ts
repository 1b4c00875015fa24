import type { LayoutField } from './layout';
import type { Layout } from './layout';
import { validateLayout } from './validate-layout';

// The rules every layout obeys whatever its form; each refusal names the field and offset.

const f = (name: string, type: LayoutField['type'], offset: number, role: LayoutField['role'] = 'data', count = 1): LayoutField => ({
  name,
  type,
  count,
  offset,
  size: { u8: 1, u16: 2, u32: 4, u64: 8, natural_width: 8 }[type] * count,
  role,
});
const layout = (...fields: LayoutField[]): Layout => ({ revision: 0x11e57ed0, size: 4096, fields: [f('revision_id', 'u32', 0, 'header'), ...fields] });
const refusal = (l: Layout) => {
  try {
    validateLayout(l);
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
};

describe('validateLayout accepts', () => {
  it('views laid over data, and gaps', () => {
    expect(() => validateLayout(layout(f('a', 'u32', 4), f('b', 'u32', 12), f('raw', 'u64', 4, 'view', 2)))).not.toThrow();
  });

  it('a 4.19 hdr header', () => {
    const l = layout();
    l.fields[0] = { ...f('hdr', 'u32', 0, 'header'), bitfields: [{ name: 'revision_id', bits: 31 }, { name: 'shadow_vmcs', bits: 1 }] };
    expect(() => validateLayout(l)).not.toThrow();
  });
});

describe('validateLayout refuses', () => {
  it('overlapping data, naming the field declared later', () => {
    expect(refusal(layout(f('a', 'u64', 8), f('b', 'u32', 12)))).toMatchObject({ code: 'INVALID_LAYOUT', details: { field: 'b', offset: 12 } });
  });

  it('data overlapping padding, even when declared in another order', () => {
    expect(refusal(layout(f('b', 'u32', 12), f('padding', 'u64', 8, 'padding')))).toMatchObject({ details: { field: 'padding', offset: 8 } });
  });

  it('an overlap hidden behind a long earlier field', () => {
    expect(refusal(layout(f('a', 'u64', 8, 'data', 4), f('b', 'u8', 16), f('c', 'u8', 30)))).toMatchObject({ details: { field: 'b' } });
  });

  it('a field past the size', () => {
    const l = layout(f('padding', 'u64', 4, 'padding', 512));
    expect(refusal(l)).toMatchObject({ code: 'INVALID_LAYOUT', details: { field: 'padding', offset: 4 } });
  });

  it('a layout without a header at offset 0', () => {
    expect(refusal({ revision: 1, size: 4096, fields: [f('abort', 'u32', 0)] })).toMatchObject({ code: 'INVALID_LAYOUT', details: { offset: 0 } });
  });

  it('a header that is not a u32 revision_id or hdr at offset 0', () => {
    expect(refusal(layout(f('abort', 'u32', 4, 'header')))).toMatchObject({ details: { field: 'abort' } });
  });

  it('duplicate names', () => {
    expect(refusal(layout(f('a', 'u32', 4), f('a', 'u32', 8)))).toMatchObject({ details: { field: 'a', offset: 8 } });
  });

  it('a revision above 0x7fffffff, since bit 31 is the shadow-VMCS flag', () => {
    expect(refusal({ ...layout(), revision: 0x80000000 })).toMatchObject({ code: 'INVALID_LAYOUT' });
  });

  it('a count below 1', () => {
    expect(refusal(layout({ ...f('a', 'u32', 4), count: 0, size: 0 }))).toMatchObject({ details: { field: 'a' } });
  });

  it('a size that disagrees with type and count', () => {
    expect(refusal(layout({ ...f('a', 'u32', 4), size: 8 }))).toMatchObject({ details: { field: 'a' } });
  });

  it('bitfields wider than their type', () => {
    expect(refusal(layout({ ...f('a', 'u8', 4), bitfields: [{ name: 'x', bits: 9 }] }))).toMatchObject({ details: { field: 'a' } });
  });

  it('reports line and column when the field came from C', () => {
    expect(refusal(layout(f('a', 'u32', 4), { ...f('a', 'u32', 8), source: { line: 3, column: 6 } }))).toMatchObject({
      details: { field: 'a', line: 3, column: 6 },
    });
  });
});

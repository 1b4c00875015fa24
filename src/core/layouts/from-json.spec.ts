import { CoreError } from '../errors';
import { parseLayoutC } from './c-parser';
import { fingerprint } from './fingerprint';
import { layoutFromJson } from './from-json';

// The JSON form: same Layout (hence fingerprint) as the C form; roles left out follow the
// same rules; bad shapes are INVALID_INPUT naming the field index and name.

const header = { name: 'revision_id', type: 'u32', offset: 0 };
const doc = (...fields: object[]) => ({ revision: '0x11e57ed0', size: 4096, fields: [header, ...fields] });
const refusal = (input: unknown): CoreError => {
  try {
    layoutFromJson(input);
  } catch (e) {
    if (e instanceof CoreError) {
      return e;
    }
  }
  throw new Error('expected a refusal');
};

describe('layoutFromJson', () => {
  it('fills in count, size and roles', () => {
    const l = layoutFromJson(doc({ name: 'abort', type: 'u32', offset: 4 }, { name: 'padding32', type: 'u32', count: 7, offset: 8 }));
    expect(l.fields.map((f) => [f.name, f.count, f.size, f.role])).toEqual([
      ['revision_id', 1, 4, 'header'],
      ['abort', 1, 4, 'data'],
      ['padding32', 7, 28, 'padding'],
    ]);
  });

  it('accepts a revision given as a number, and keeps explicit roles', () => {
    const l = layoutFromJson({ revision: 1, size: 4096, fields: [header, { name: 'x', type: 'u8', offset: 4, role: 'padding' }] });
    expect([l.revision, l.fields[1]?.role]).toEqual([1, 'padding']);
  });

  it('recognises views by their bytes: containing another field, or repeating an earlier range', () => {
    const l = layoutFromJson(
      doc(
        { name: 'raw', type: 'u64', count: 2, offset: 4 },
        { name: 'a', type: 'u32', offset: 4 },
        { name: 'b', type: 'u64', offset: 8 },
        { name: 'b_again', type: 'u64', offset: 8 },
      ),
    );
    expect(l.fields.map((f) => f.role)).toEqual(['header', 'view', 'data', 'data', 'view']);
  });

  it('gives the C form of the same union struct the same fingerprint', () => {
    const c = parseLayoutC(
      'struct __packed vmcs12 { u32 revision_id; union { u64 hv[4]; struct { u16 a; u64 b; u32 padding_1; }; }; u32 launch_state; };',
      { revision: 0x11e57ed0 },
    ).layout;
    const json = layoutFromJson({ revision: '0x11e57ed0', size: 4096, fields: c.fields.map(({ name, type, count, offset }) => ({ name, type, count, offset })) });
    expect(json.fields.map((f) => f.role)).toEqual(['header', 'view', 'data', 'data', 'padding', 'data']);
    expect(fingerprint(json)).toBe(fingerprint(c));
  });

  it('reads bitfields', () => {
    const l = layoutFromJson({ ...doc(), fields: [{ ...header, name: 'hdr', bitfields: [{ name: 'revision_id', bits: 31 }, { name: 'shadow_vmcs', bits: 1 }] }] });
    expect(l.fields[0]?.bitfields).toEqual([{ name: 'revision_id', bits: 31 }, { name: 'shadow_vmcs', bits: 1 }]);
  });
});

describe('layoutFromJson refuses', () => {
  it.each<[string, unknown, object]>([
    ['a non-object', [], {}],
    ['a bad revision', { ...doc(), revision: 'v1' }, { field: 'revision' }],
    ['a missing size', { revision: '0x1', fields: [] }, { field: 'size' }],
    ['missing fields', { revision: '0x1', size: 4096 }, { field: 'fields' }],
    ['a field that is not an object', { ...doc(), fields: [header, 42] }, { index: 1 }],
    ['a name that is not an identifier', doc({ name: 'a b', type: 'u8', offset: 4 }), { index: 1, field: 'a b' }],
    ['an unknown type', doc({ name: 'a', type: 'u128', offset: 4 }), { index: 1, field: 'a' }],
    ['a fractional count', doc({ name: 'a', type: 'u8', count: 1.5, offset: 4 }), { index: 1, field: 'a' }],
    ['a negative offset', doc({ name: 'a', type: 'u8', offset: -1 }), { index: 1, field: 'a' }],
    ['a size that disagrees', doc({ name: 'a', type: 'u16', count: 2, offset: 4, size: 2 }), { index: 1, field: 'a' }],
    ['an unknown role', doc({ name: 'a', type: 'u8', offset: 4, role: 'spare' }), { index: 1, field: 'a' }],
    ['malformed bitfields', doc({ name: 'a', type: 'u8', offset: 4, bitfields: [{ name: 'x', bits: '0-3' }] }), { index: 1, field: 'a' }],
  ])('%s as INVALID_INPUT', (_, input, details) => {
    expect(refusal(input)).toMatchObject({ code: 'INVALID_INPUT', details });
  });

  it.each<[string, unknown, object]>([
    ['overlapping data', doc({ name: 'a', type: 'u64', offset: 4, role: 'data' }, { name: 'b', type: 'u8', offset: 6 }), { field: 'b', offset: 6 }],
    ['a field past size', { ...doc({ name: 'a', type: 'u64', offset: 4092 }) }, { field: 'a', offset: 4092 }],
    ['a count below 1', doc({ name: 'a', type: 'u8', count: 0, offset: 4 }), { field: 'a' }],
    ['duplicate names', doc({ name: 'a', type: 'u8', offset: 4 }, { name: 'a', type: 'u8', offset: 5 }), { field: 'a', offset: 5 }],
    ['no header', { revision: '0x1', size: 4096, fields: [{ name: 'abort', type: 'u32', offset: 0 }] }, { offset: 0 }],
    ['a 32-bit revision', { ...doc(), revision: '0x80000000' }, {}],
  ])('%s as INVALID_LAYOUT', (_, input, details) => {
    expect(refusal(input)).toMatchObject({ code: 'INVALID_LAYOUT', details });
  });
});

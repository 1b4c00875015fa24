import type { CoreError } from '../errors';
import { fingerprint } from '../layouts/fingerprint';
import { parseRegisterRequest } from './register-request';
import { layoutFromRegistration, toRegisteredData } from './registration-data';
import { caught } from '../../../test/support/caught';

const C = 'struct __packed vmcs12 {\n  u32 revision_id;\n  u32 abort;\n  u64 io_bitmap_a;\n};\n#define VMCS12_REVISION 0x11e57ed0\n';

const errorOf = (body: unknown): CoreError => caught(() => parseRegisterRequest(body));

describe('parseRegisterRequest', () => {
  it('takes the revision from #define VMCS12_REVISION when the request gives none', () => {
    const req = parseRegisterRequest({ name: 'x', format: 'c', source: C });
    expect(req.layout.revision).toBe(0x11e57ed0);
    expect(req.layout.size).toBe(4096);
  });

  it('lets the request override the revision', () => {
    expect(parseRegisterRequest({ name: 'x', format: 'c', source: C, revision: '0x00000042' }).layout.revision).toBe(0x42);
  });

  it.each([
    [{ format: 'c', source: C }, 'name'],
    [{ name: 'Upper', format: 'c', source: C }, 'name'],
    [{ name: 'x', format: 'yaml', source: C }, 'format'],
    [{ name: 'x', format: 'c' }, 'source'],
    [{ name: 'x', format: 'c', source: C, size: 3 }, 'size'],
    [{ name: 'x', format: 'json', size: 4096, fields: [] }, 'revision'],
    [{ name: 'x', format: 'json', revision: '0x1', size: 4096 }, 'fields'],
    [{ name: 'x', format: 'c', source: C, kernel: 7 }, 'kernel'],
  ])('refuses %j naming the field %s', (body, field) => {
    const err = errorOf(body);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details.field).toBe(field);
  });

  it.each([
    ['a NUL in a comment of the C text', { name: 'x', format: 'c', source: C.replace('u32 abort;', 'u32 abort; /* \u0000 */') }, { field: 'source', line: 3, column: 17 }],
    ['a lone surrogate in kernel', { name: 'x', format: 'c', source: C, kernel: '\ud800' }, { field: 'kernel', line: 1, column: 1 }],
    ['a NUL in a member name of a field', { name: 'x', format: 'json', revision: '0x1', size: 8, fields: [{ name: 'a', type: 'u32', offset: 0, '\u0000': 1 }] }, { field: 'fields[0]["\\u0000"]' }],
  ])('refuses %s, naming where it is', (_what, body, details) => {
    expect(errorOf(body).details).toEqual(details);
  });

  it('names the source for a C syntax error', () => {
    expect(errorOf({ name: 'x', format: 'c', source: 'struct __packed vmcs12 {\n u32 a b;\n};' }).details).toMatchObject({ field: 'source', line: 2 });
  });

  it('refuses a revision that needs bit 31, the shadow-VMCS flag', () => {
    const err = errorOf({ name: 'x', format: 'c', source: C, revision: '0x80000000' });
    expect(err.message).toMatch(/31 bits/);
  });

  it('refuses C text over 1 MiB', () => {
    expect(errorOf({ name: 'x', format: 'c', source: ' '.repeat(1024 * 1024 + 1) }).details.field).toBe('source');
  });

  it('passes C parse errors through with line and column', () => {
    const err = errorOf({ name: 'x', format: 'c', source: 'struct __packed vmcs12 {\n  u32 revision_id\n};' });
    expect(err.code).toBe('PARSE_ERROR');
    expect(err.details).toMatchObject({ line: 3, column: 1 });
  });
});

describe('registration data', () => {
  it('round-trips a layout through the event payload with its fingerprint and source locations', () => {
    const req = parseRegisterRequest({ name: 'x', format: 'c', source: C, kernel: '4.4' });
    const data = toRegisteredData(req);
    expect(data).toMatchObject({ name: 'x', revision: '0x11e57ed0', size: 4096, provenance: { kernel: '4.4' } });
    const back = layoutFromRegistration(data);
    expect(fingerprint(back)).toBe(data.fingerprint);
    expect(back.fields[2]).toMatchObject({ name: 'io_bitmap_a', offset: 8, source: { line: 4, column: 7 } });
  });
});

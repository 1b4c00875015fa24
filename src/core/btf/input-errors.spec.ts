import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FIXTURES } from '../../../test/support/btf-catalog-fixtures';
import { caught } from '../../../test/support/caught';
import { importBtf } from './import-btf';

// Each refusal says which input and where, as a CoreError the transports turn into a 400.

const object = readFileSync(join(CATALOG_FIXTURES, 'linux-tsc-multiplier.o'));
const base = readFileSync(join(CATALOG_FIXTURES, 'base.btf'));

describe('importBtf refuses what is not a module with struct vmcs12', () => {
  it('text is neither ELF nor BTF, and the message shows its first bytes', () => {
    const e = caught(() => importBtf(Buffer.from('struct vmcs12 {};')));
    expect(e.code).toBe('INVALID_BTF');
    expect(e.message).toMatch(/neither an ELF file nor raw BTF \(first bytes: 73 74 72 75\)/);
    expect(e.details).toEqual({ input: 'module', offset: 0 });
  });

  it.each([
    ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], /xz-compressed \(a \.ko\.xz\?\): decompress it first/],
    ['zstd', [0x28, 0xb5, 0x2f, 0xfd], /zstd-compressed \(a \.ko\.zst\?\): decompress it first/],
  ])('a %s-compressed module gets "decompress it first"', (_what, magic, message) => {
    expect(caught(() => importBtf(Uint8Array.from([...magic, 0, 0, 0, 0]))).message).toMatch(message);
  });

  it('an ELF file without .BTF says how kernels get one', () => {
    const renamed = Buffer.from(object);
    const at = renamed.indexOf('.BTF\0');
    renamed.write('.BTX', at, 'latin1');
    expect(caught(() => importBtf(renamed)).message).toMatch(/no \.BTF section.*CONFIG_DEBUG_INFO_BTF/);
  });

  it('BTF without struct vmcs12 says so', () => {
    expect(caught(() => importBtf(base)).message).toMatch(/no struct vmcs12 in this BTF/);
  });

  it('a truncated object names the byte where it ends', () => {
    const e = caught(() => importBtf(object.subarray(0, 200)));
    expect(e.code).toBe('INVALID_BTF');
    expect(e.message).toMatch(/runs past the end at byte 200: the file is truncated or corrupt/);
  });

  it('a module given as the base is refused as the base', () => {
    const e = caught(() => importBtf(object, readFileSync(join(CATALOG_FIXTURES, 'linux-v3.1.split.btf'))));
    expect(e.details).toMatchObject({ input: 'base' });
  });
});

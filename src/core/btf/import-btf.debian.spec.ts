import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FIXTURES } from '../../../test/support/btf-catalog-fixtures';
import { caught } from '../../../test/support/caught';
import { debianBase, debianManifest, debianModule } from '../../../test/support/debian-kvm-intel';
import { loadCatalog } from '../catalog/catalog';
import { fingerprint } from '../layouts/fingerprint';
import { ElfFile } from './elf';
import { importBtf } from './import-btf';

// A real distro module: Debian bookworm's kvm-intel.ko (linux-image-6.1.0-57-cloud-amd64-unsigned
// 6.1.192-3) with the BTF of the same package's vmlinuz as its base.

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const newestMainline = loadCatalog().find((e) => e.name === 'linux-tsc-multiplier');

function section(file: Buffer, name: string): { offset: number; size: number } {
  const s = new ElfFile(file, 'module').section(name);
  if (!s) {
    throw new Error(`no ${name}`);
  }
  return s;
}

describe("Debian's kvm-intel.ko over its vmlinux BTF", () => {
  const module = debianModule();
  const base = debianBase();

  it('the fixture holds the package\'s own bytes: the module\'s .BTF and the kernel\'s .BTF unchanged', () => {
    const manifest = debianManifest();
    expect(manifest).toMatchObject({ package: 'linux-image-6.1.0-57-cloud-amd64-unsigned', version: '6.1.192-3' });
    const btf = section(module, '.BTF');
    expect(sha256(module.subarray(btf.offset, btf.offset + btf.size))).toBe(manifest.module.btfSha256);
    expect(sha256(base)).toBe(manifest.base.btfSha256);
  });

  it("gives exactly the catalog's newest mainline layout, and KVM's own offset table agrees", () => {
    const imported = importBtf(module, base);
    expect(newestMainline).toBeDefined();
    const expected = newestMainline?.layout.fields.map(({ source: _s, ...f }) => f);
    expect(imported.layout.fields).toEqual(expected);
    expect(fingerprint(imported.layout)).toBe(newestMainline?.fingerprint);
    expect(imported.sizeOf).toBe(998);
    // 141 mapped encodings and the _HIGH halves of the 64-bit ones, all named and all equal
    expect(imported.offsetTable).toEqual({ entries: 178, named: 178 });
    expect(imported.provenance).toEqual({
      kernelRelease: '6.1.0-57-cloud-amd64',
      vermagic: '6.1.0-57-cloud-amd64 SMP preempt mod_unload modversions',
      buildId: '70acd07de2db25a8861db9e903e001447141a900',
    });
  });

  it('refuses when one entry of vmcs12_field_offsets disagrees, naming the field', () => {
    const changed = Buffer.from(module);
    const rodata = section(changed, '.rodata');
    // io_bitmap_a (encoding 0x2000) is at 40; its entry is at index ROL16(0x2000, 6) = 8
    const entry = rodata.offset + 0x560 + 8 * 2;
    expect(changed.readUInt16LE(entry)).toBe(40);
    changed.writeUInt16LE(48, entry);
    const e = caught(() => importBtf(changed, base));
    expect(e.code).toBe('INVALID_BTF');
    expect(e.message).toMatch(/encoding 0x2000 of field "io_bitmap_a" at offset 48, but the BTF layout has it at 40/);
    expect(e.details).toMatchObject({ field: 'io_bitmap_a', section: '.rodata', offset: entry });
  });

  it('refuses a table whose bytes a relocation would still change', () => {
    const changed = Buffer.from(module);
    const rela = section(changed, '.rela.rodata');
    changed.writeBigUInt64LE(BigInt(0x560 + 40), rela.offset); // the first relocation's r_offset
    expect(caught(() => importBtf(changed, base)).message).toMatch(/a relocation applies to vmcs12_field_offsets at \.rodata\+1416/);
  });

  it('without its base, says it is split BTF and needs one', () => {
    expect(caught(() => importBtf(module)).message).toMatch(/split BTF.*give the BTF it is split over \(vmlinux\)/);
  });

  it('over a base it was not built against, is refused rather than read wrongly', () => {
    const otherBase = readFileSync(join(CATALOG_FIXTURES, 'base.btf')); // standalone BTF with a few types
    const e = caught(() => importBtf(module, otherBase));
    expect(e.code).toBe('INVALID_BTF');
    expect(e.message).toMatch(/the base does not match/);
    expect(e.details).toMatchObject({ input: 'module', section: '.BTF', typeId: expect.any(Number) as number });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FIXTURES } from '../../../test/support/btf-catalog-fixtures';
import { caught } from '../../../test/support/caught';
import { debianBase, debianModule } from '../../../test/support/debian-kvm-intel';
import { parseBtf } from './btf';
import { Kind } from './btf-kinds';
import { ElfFile } from './elf';
import { importBtf } from './import-btf';

// Corruptions aimed where a reader could loop forever or read a wrong layout, made in real
// files at the bytes the BTF itself says hold the thing.

const base = readFileSync(join(CATALOG_FIXTURES, 'base.btf'));

describe('a struct that contains itself', () => {
  it('is refused, not followed until the stack overflows', () => {
    const split = Buffer.from(readFileSync(join(CATALOG_FIXTURES, 'rfc-2017-evmcs-reorder.split.btf')));
    const btf = parseBtf(split, 'module', parseBtf(base, 'base'));
    const vmcs12 = btf.type(btf.structsNamed('vmcs12')[0] as number);
    const members = btf.members(vmcs12);
    const anonymous = members.findIndex((m) => m.name === '' && btf.type(m.type).kind === Kind.UNION);
    expect(anonymous).toBeGreaterThan(0);
    // the anonymous union member's type id, pointed back at struct vmcs12 itself
    split.writeUInt32LE(vmcs12.id, vmcs12.at + 12 + anonymous * 12 + 4);
    const e = caught(() => importBtf(split, base));
    expect(e.message).toMatch(/an anonymous struct or union contains itself/);
    expect(e.details).toMatchObject({ input: 'module', typeId: vmcs12.id });
  });
});

describe("KVM's offset table against a module whose BTF was changed", () => {
  const module = debianModule();
  const kvmBase = debianBase();
  const btfAt = (new ElfFile(module, 'module').section('.BTF') as { offset: number }).offset;

  it('refuses a mapped field that lost its name (renamed in the strings)', () => {
    const changed = Buffer.from(module);
    const at = changed.indexOf('\0guest_rip\0', btfAt) + 1;
    changed.write('guest_rjp', at, 'latin1');
    expect(caught(() => importBtf(changed, kvmBase)).message).toMatch(/encoding 0x681e to offset \d+, but the BTF layout has no field "guest_rip"/);
  });

  it('refuses a mapped field whose type changed width', () => {
    const changed = Buffer.from(module);
    const btf = parseBtf(changed.subarray(btfAt), 'module', parseBtf(kvmBase, 'base'), btfAt, '.BTF');
    const vmcs12 = btf.type(btf.structsNamed('vmcs12')[0] as number);
    const members = btf.members(vmcs12);
    const rip = members.findIndex((m) => m.name === 'guest_rip');
    const u16 = members.find((m) => m.name === 'guest_es_selector')?.type as number;
    changed.writeUInt32LE(u16, vmcs12.at + 12 + rip * 12 + 4);
    expect(caught(() => importBtf(changed, kvmBase)).message).toMatch(/field "guest_rip" is u16 in the BTF layout, but its encoding 0x681e is natural_width/);
  });
});

import type { ElfFile } from './elf';

// What the file says about the kernel it was built for: the release from .modinfo's vermagic
// ("6.1.0-57-cloud-amd64 SMP preempt mod_unload modversions") and the GNU build id.
export interface BtfProvenance {
  kernelRelease?: string;
  vermagic?: string;
  buildId?: string;
}

const NT_GNU_BUILD_ID = 3;

export function elfProvenance(elf: ElfFile): BtfProvenance {
  const out: BtfProvenance = {};
  const modinfo = elf.section('.modinfo');
  if (modinfo) {
    const text = Buffer.from(elf.contents(modinfo).bytes).toString('latin1');
    const vermagic = text.split('\0').find((kv) => kv.startsWith('vermagic='));
    if (vermagic !== undefined) {
      out.vermagic = vermagic.slice('vermagic='.length).trim();
      const release = out.vermagic.split(/\s+/)[0];
      if (release) {
        out.kernelRelease = release;
      }
    }
  }
  const note = elf.section('.note.gnu.build-id');
  if (note) {
    const buildId = gnuBuildId(elf, note);
    if (buildId !== undefined) {
      out.buildId = buildId;
    }
  }
  return out;
}

function gnuBuildId(elf: ElfFile, note: Parameters<ElfFile['contents']>[0]): string | undefined {
  const v = elf.contents(note);
  const align4 = (n: number) => (n + 3) & ~3;
  for (let at = 0; at + 12 <= v.length; ) {
    const namesz = v.u32(at, 'note namesz');
    const descsz = v.u32(at + 4, 'note descsz');
    const type = v.u32(at + 8, 'note type');
    const name = at + 12;
    const desc = name + align4(namesz);
    v.need(desc, descsz, 'the note descriptor');
    const owner = Buffer.from(v.bytes.subarray(name, name + namesz)).toString('latin1');
    if (type === NT_GNU_BUILD_ID && owner === 'GNU\0') {
      return Buffer.from(v.bytes.subarray(desc, desc + descsz)).toString('hex');
    }
    at = desc + align4(descsz);
  }
  return undefined;
}

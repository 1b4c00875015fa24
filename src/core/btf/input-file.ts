import type { BtfInput } from './btf-error';
import { btfError } from './btf-error';
import { ElfFile, isElf } from './elf';

// What a user hands over: a kernel module or vmlinux (ELF with a .BTF section), or raw BTF
// (/sys/kernel/btf/<module>). Compressed modules are recognised and refused with what to do.

export interface BtfSource {
  btf: Uint8Array;
  btfOffset: number; // where the BTF starts in the file, for messages
  section?: string;
  elf?: ElfFile;
}

const COMPRESSED: ReadonlyArray<{ magic: readonly number[]; what: string; tool: string }> = [
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz', tool: 'xz -d (or unxz)' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd', tool: 'zstd -d (or unzstd)' },
  { magic: [0x1f, 0x8b], what: 'gzip', tool: 'gzip -d' },
];

export function btfSource(bytes: Uint8Array, input: BtfInput): BtfSource {
  if (isElf(bytes)) {
    const elf = new ElfFile(bytes, input);
    const s = elf.section('.BTF');
    if (!s) {
      throw btfError('the ELF file has no .BTF section: the kernel was built without CONFIG_DEBUG_INFO_BTF(_MODULES), or the file was stripped', { input });
    }
    const view = elf.contents(s);
    return { btf: view.bytes, btfOffset: view.base, section: '.BTF', elf };
  }
  if (bytes.length >= 2 && bytes[0] === 0x9f && bytes[1] === 0xeb) {
    return { btf: bytes, btfOffset: 0 };
  }
  const packed = COMPRESSED.find((c) => c.magic.every((b, i) => bytes[i] === b));
  if (packed) {
    throw btfError(`the file is ${packed.what}-compressed (a .ko.${packed.what === 'zstd' ? 'zst' : packed.what === 'gzip' ? 'gz' : 'xz'}?): decompress it first, e.g. with ${packed.tool}`, { input, offset: 0 });
  }
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw btfError(`neither an ELF file nor raw BTF (first bytes: ${head || 'none, the file is empty'})`, { input, offset: 0 });
}

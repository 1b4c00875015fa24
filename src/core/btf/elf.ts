import { btfError, type BtfInput } from './btf-error';
import { ByteView } from './byte-view';

// The parts of an ELF64 little-endian file (a kernel module, or vmlinux) that describe
// struct vmcs12: section headers, and through them .BTF, .symtab/.strtab, .rodata and its
// relocations, .modinfo and the GNU build-id note. Every offset and size is checked against
// the file before it is used.

export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;
const SHT_NOBITS = 8;
const SHT_RELA = 4;
const SHT_SYMTAB = 2;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;
const RELA_SIZE = 24;
const MAX_SECTIONS = 0x10000;

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  addr: number; // sh_addr: where a linked file (vmlinux) loads it; 0 in a module
  offset: number;
  size: number;
  link: number;
  info: number;
}

export interface ElfSymbol {
  name: string;
  section: number; // st_shndx
  value: number;
  size: number;
}

export interface ElfRela {
  offset: number; // in the section the relocations apply to
  symbol: number;
  type: number;
}

export class ElfFile {
  readonly sections: ElfSection[];
  readonly relocatable: boolean; // ET_REL (a .ko): symbol values are offsets in their section
  private readonly file: ByteView;

  constructor(
    bytes: Uint8Array,
    readonly input: BtfInput,
  ) {
    this.file = new ByteView(bytes, 0, { input });
    this.sections = this.readSections();
    this.relocatable = this.file.u16(0x10, 'e_type') === 1;
  }

  section(name: string): ElfSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  // The section's bytes; a NOBITS section has none in the file.
  contents(s: ElfSection): ByteView {
    if (s.type === SHT_NOBITS) {
      return new ByteView(new Uint8Array(0), s.offset, { input: this.input, section: s.name });
    }
    return this.file.slice(s.offset, s.size, `section ${s.name}`, { input: this.input, section: s.name });
  }

  // .symtab's symbols, with names from the string table its sh_link names.
  symbols(): ElfSymbol[] {
    const symtab = this.sections.find((s) => s.type === SHT_SYMTAB);
    if (!symtab) {
      return [];
    }
    const strtab = this.linked(symtab);
    const view = this.contents(symtab);
    const out: ElfSymbol[] = [];
    for (let at = 0; at + SYM_SIZE <= view.length; at += SYM_SIZE) {
      out.push({
        name: cString(strtab, view.u32(at, 'st_name')),
        section: view.u16(at + 6, 'st_shndx'),
        value: view.u64(at + 8, 'st_value'),
        size: view.u64(at + 16, 'st_size'),
      });
    }
    return out;
  }

  // Relocations (SHT_RELA) whose sh_info names section `target`.
  relocationsFor(target: ElfSection): ElfRela[] {
    const out: ElfRela[] = [];
    for (const s of this.sections) {
      if (s.type !== SHT_RELA || s.info !== target.index) {
        continue;
      }
      const view = this.contents(s);
      for (let at = 0; at + RELA_SIZE <= view.length; at += RELA_SIZE) {
        out.push({ offset: view.u64(at, 'r_offset'), symbol: view.u32(at + 12, 'r_info symbol'), type: view.u32(at + 8, 'r_info type') });
      }
    }
    return out;
  }

  private linked(s: ElfSection): ByteView {
    const target = this.sections[s.link];
    if (!target || s.link === 0) {
      throw btfError(`section ${s.name} links to section ${s.link}, which does not exist`, { input: this.input, section: s.name });
    }
    return this.contents(target);
  }

  private readSections(): ElfSection[] {
    const f = this.file;
    if (f.length < 64 || ELF_MAGIC.some((b, i) => f.u8(i, 'ELF magic') !== b)) {
      throw f.error('not an ELF file (no \\x7fELF magic)', 0);
    }
    if (f.u8(4, 'EI_CLASS') !== 2 || f.u8(5, 'EI_DATA') !== 1) {
      throw f.error('not a 64-bit little-endian ELF file (EI_CLASS/EI_DATA): x86-64 kernels only', 4);
    }
    const shoff = f.u64(0x28, 'e_shoff');
    const entsize = f.u16(0x3a, 'e_shentsize');
    if (shoff === 0) {
      throw f.error('the ELF file has no section headers', 0x28);
    }
    if (entsize !== SHDR_SIZE) {
      throw f.error(`e_shentsize is ${entsize}, not ${SHDR_SIZE}`, 0x3a);
    }
    // e_shnum 0 and e_shstrndx 0xffff mean "see section 0" (files with >= 0xff00 sections)
    let count = f.u16(0x3c, 'e_shnum');
    let strndx = f.u16(0x3e, 'e_shstrndx');
    if (count === 0) {
      count = f.u64(shoff + 32, 'section 0 sh_size (section count)');
    }
    if (strndx === 0xffff) {
      strndx = f.u32(shoff + 40, 'section 0 sh_link (section name table)');
    }
    if (count > MAX_SECTIONS) {
      throw f.error(`${count} section headers: more than an ELF file can hold`, 0x3c);
    }
    const table = f.slice(shoff, count * SHDR_SIZE, `${count} section headers`);
    const raw = [];
    for (let i = 0; i < count; i++) {
      const at = i * SHDR_SIZE;
      raw.push({
        index: i,
        nameOff: table.u32(at, 'sh_name'),
        type: table.u32(at + 4, 'sh_type'),
        addr: table.u64(at + 16, 'sh_addr'),
        offset: table.u64(at + 24, 'sh_offset'),
        size: table.u64(at + 32, 'sh_size'),
        link: table.u32(at + 40, 'sh_link'),
        info: table.u32(at + 44, 'sh_info'),
      });
    }
    const names = raw[strndx];
    if (!names || strndx === 0) {
      throw f.error(`e_shstrndx ${strndx} names no section`, 0x3e);
    }
    const nameTable = f.slice(names.offset, names.size, 'the section name table');
    return raw.map((s) => ({ index: s.index, name: cString(nameTable, s.nameOff), type: s.type, addr: s.addr, offset: s.offset, size: s.size, link: s.link, info: s.info }));
  }
}

// A NUL-terminated string at `at` in a string table; unterminated is an error, not a read
// past the table.
export function cString(table: ByteView, at: number): string {
  if (at >= table.length && at !== 0) {
    throw table.error(`string offset ${at} is past the string table (${table.length} bytes)`, 0);
  }
  const end = table.bytes.indexOf(0, at);
  if (end < 0) {
    if (table.length === 0) {
      return '';
    }
    throw table.error('a string runs past the end of its table without a NUL', at);
  }
  return Buffer.from(table.bytes.subarray(at, end)).toString('latin1');
}

export function isElf(bytes: Uint8Array): boolean {
  return ELF_MAGIC.every((b, i) => bytes[i] === b);
}

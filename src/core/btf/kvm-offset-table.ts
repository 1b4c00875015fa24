import { encodingFor, fieldOfEncoding } from '../catalog/encodings';
import { typeWidth } from '../layouts/field-types';
import type { Layout } from '../layouts/layout';
import { btfError } from './btf-error';
import type { ElfFile, ElfSymbol } from './elf';

// KVM's own map from VMCS field encoding to vmcs12 offset (arch/x86/kvm/vmx/vmcs12.c):
// `const unsigned short vmcs12_field_offsets[]`, indexed by ROL16(encoding, 6), 0 meaning "no
// field", and `const unsigned int nr_vmcs12_fields`. It was built by the same compiler from
// offsetof(struct vmcs12, ...), so it must agree with the BTF, entry for entry.

export interface OffsetTableCheck {
  entries: number; // non-zero entries
  named: number; // entries whose encoding the catalog maps to a vmcs12 member
}

const TABLE = 'vmcs12_field_offsets';
const COUNT = 'nr_vmcs12_fields';

export function checkOffsetTable(elf: ElfFile, layout: Layout): OffsetTableCheck | undefined {
  const symbols = elf.symbols();
  const table = symbols.find((s) => s.name === TABLE && s.section !== 0);
  if (!table) {
    return undefined;
  }
  const tableBytes = symbolBytes(elf, table);
  const countSym = symbols.find((s) => s.name === COUNT && s.section !== 0 && s.size === 4);
  const count = countSym ? symbolBytes(elf, countSym).u32(0, COUNT) : Math.floor(table.size / 2);
  if (count * 2 > table.size) {
    throw btfError(`${COUNT} is ${count}, but ${TABLE} holds only ${Math.floor(table.size / 2)} entries`, { input: 'module', section: sectionName(elf, table) });
  }
  const byOffset = new Map<number, string>();
  const byName = new Map(layout.fields.map((f) => [f.name, f]));
  for (const f of layout.fields) {
    if (f.role !== 'view' && !byOffset.has(f.offset)) {
      byOffset.set(f.offset, f.name);
    }
  }
  let entries = 0;
  let named = 0;
  for (let index = 0; index < count; index++) {
    const offset = tableBytes.u16(index * 2, `${TABLE}[${index}]`);
    if (offset === 0) {
      continue;
    }
    entries++;
    const encoding = ((index >>> 6) | (index << 10)) & 0xffff; // ROR16(index, 6)
    const enc = `0x${encoding.toString(16).padStart(4, '0')}`;
    const where = { input: 'module' as const, section: sectionName(elf, table), offset: tableBytes.base + index * 2 };
    const known = fieldOfEncoding(encoding);
    const f = known ? byName.get(known.field) : undefined;
    if (known && !f) {
      throw btfError(`KVM's ${TABLE} maps encoding ${enc} to offset ${offset}, but the BTF layout has no field "${known.field}"`, { ...where, field: known.field });
    }
    if (known && f) {
      named++;
      const width = encodingFor(f.name)?.width;
      if (width !== undefined && typeWidth(width) !== typeWidth(f.type)) {
        throw btfError(`field "${f.name}" is ${f.type} in the BTF layout, but its encoding ${enc} is ${width}`, { ...where, field: f.name });
      }
      const expected = f.offset + (known.high ? 4 : 0);
      if (offset !== expected) {
        throw btfError(
          `KVM's ${TABLE} puts encoding ${enc}${known.high ? ' (_HIGH)' : ''} of field "${f.name}" at offset ${offset}, but the BTF layout has it at ${expected}`,
          { ...where, field: f.name },
        );
      }
    } else if (!byOffset.has(offset) && !(byOffset.has(offset - 4) && layout.fields.some((g) => g.offset === offset - 4 && g.size >= 8))) {
      throw btfError(`KVM's ${TABLE} puts encoding ${enc} at offset ${offset}, where the BTF layout starts no field`, where);
    }
  }
  return { entries, named };
}

// The bytes a symbol names, which must be literal: a relocation into them would mean the
// file's bytes are not the values the kernel uses.
function symbolBytes(elf: ElfFile, sym: ElfSymbol) {
  const section = elf.sections[sym.section];
  if (!section) {
    throw btfError(`symbol ${sym.name} is in section ${sym.section}, which does not exist`, { input: 'module', section: '.symtab' });
  }
  const start = elf.relocatable ? sym.value : sym.value - section.addr;
  const view = elf.contents(section).slice(start, sym.size, `symbol ${sym.name}`);
  const relocated = elf.relocationsFor(section).find((r) => r.offset + 8 > start && r.offset < start + sym.size);
  if (relocated) {
    throw btfError(`a relocation applies to ${sym.name} at ${section.name}+${relocated.offset}: its bytes in the file are not final`, {
      input: 'module',
      section: section.name,
      offset: view.base + Math.max(0, relocated.offset - start),
    });
  }
  return view;
}

function sectionName(elf: ElfFile, sym: ElfSymbol): string {
  return elf.sections[sym.section]?.name ?? String(sym.section);
}

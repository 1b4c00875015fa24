import { VMCS12_SIZE, type Layout } from '../layouts/layout';
import { validateLayout } from '../layouts/validate-layout';
import { parseBtf, type Btf } from './btf';
import { btfError } from './btf-error';
import { btfSource, type BtfSource } from './input-file';
import { checkOffsetTable, type OffsetTableCheck } from './kvm-offset-table';
import { elfProvenance, type BtfProvenance } from './provenance';
import { vmcs12Fields } from './vmcs12-from-btf';

// struct vmcs12 from a compiled kernel: kvm-intel.ko (or vmlinux with KVM built in), or the
// raw BTF a running host exposes in /sys/kernel/btf/kvm_intel, split over vmlinux's BTF.

// The only VMCS12_REVISION mainline ever used; BTF records types, not #defines.
export const DEFAULT_BTF_REVISION = 0x11e57ed0;
export const REVISION_NOTE = 'BTF does not record VMCS12_REVISION; 0x11e57ed0, the only value mainline ever used, was assumed';

export interface ImportBtfOptions {
  revision?: number; // VMCS12_REVISION, which BTF cannot give
  size?: number; // VMCS12_SIZE, likewise; default 4096
}

export interface BtfImport {
  layout: Layout;
  revisionAssumed: boolean;
  notes: string[];
  provenance: BtfProvenance;
  structTypeId: number;
  sizeOf: number; // sizeof(struct vmcs12) as compiled
  offsetTable?: OffsetTableCheck; // KVM's vmcs12_field_offsets, when the file carries it
}

export function importBtf(module: Uint8Array, base?: Uint8Array, opts: ImportBtfOptions = {}): BtfImport {
  const baseBtf = base ? load(btfSource(base, 'base'), 'base') : undefined;
  const source = btfSource(module, 'module');
  const btf = load(source, 'module', baseBtf);
  const ids = btf.structsNamed('vmcs12');
  const structTypeId = ids[0];
  if (structTypeId === undefined) {
    throw btfError('no struct vmcs12 in this BTF: is this kvm-intel (kvm_intel), or a kernel with KVM_INTEL built in?', { input: 'module' });
  }
  const { fields, sizeOf } = vmcs12Fields(btf, structTypeId);
  const size = opts.size ?? VMCS12_SIZE;
  if (sizeOf > size) {
    throw btfError(`struct vmcs12 is ${sizeOf} bytes, more than VMCS12_SIZE ${size}`, { input: 'module', typeId: structTypeId });
  }
  const revisionAssumed = opts.revision === undefined;
  const layout: Layout = { revision: opts.revision ?? DEFAULT_BTF_REVISION, size, fields };
  validateLayout(layout);
  const result: BtfImport = {
    layout,
    revisionAssumed,
    notes: revisionAssumed ? [REVISION_NOTE] : [],
    provenance: source.elf ? elfProvenance(source.elf) : {},
    structTypeId,
    sizeOf,
  };
  const table = source.elf ? checkOffsetTable(source.elf, layout) : undefined;
  if (table) {
    result.offsetTable = table;
  }
  return result;
}

function load(source: BtfSource, input: 'module' | 'base', base?: Btf): Btf {
  return parseBtf(source.btf, input, base, source.btfOffset, source.section);
}

import { createHash } from 'node:crypto';
import { importBtf, type BtfImport } from '../btf/import-btf';
import { isElf } from '../btf/elf';
import { BTF_MAGIC } from '../btf/btf-kinds';
import { invalidInput, type GivenFacts, type LayoutFormat, type ParsedInput } from './layout-format';

// BTF: struct vmcs12 as the compiler laid it out, from kvm-intel.ko (its .BTF, checked against
// KVM's own vmcs12_field_offsets) or raw BTF such as /sys/kernel/btf/kvm_intel, split over
// the kernel's base BTF (/sys/kernel/btf/vmlinux). Requests carry both in base64.

// Decoded bytes. A generic distro vmlinux's BTF is 4-7 MiB (Debian 6.1 cloud: 3.9 MiB); a
// kvm-intel.ko about 1 MiB, its raw BTF ~50 KiB.
export const MAX_BTF_BASE_BYTES = 8 * 1024 * 1024;
export const MAX_BTF_MODULE_BYTES = 4 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const BTF_FORMAT: LayoutFormat = {
  name: 'BTF',
  extensions: ['.ko', '.ko.xz', '.ko.zst', '.ko.gz', '.btf', '.o'],
  impliedBy: 'module',
  bodyFields: [
    { name: 'module', kind: 'base64', required: true, description: 'kvm-intel.ko, or raw BTF such as /sys/kernel/btf/kvm_intel, in base64' },
    { name: 'base', kind: 'base64', required: false, description: 'the BTF the module is split over (/sys/kernel/btf/vmlinux), in base64' },
  ],
  sniff(bytes) {
    return isElf(bytes) || (bytes.length >= 2 && bytes[0] === (BTF_MAGIC & 0xff) && bytes[1] === BTF_MAGIC >> 8);
  },
  fromRequest(body, given) {
    const module = decode(body.module, 'module', MAX_BTF_MODULE_BYTES, true) as Buffer;
    const base = decode(body.base, 'base', MAX_BTF_BASE_BYTES, false);
    return parsed(module, base, given);
  },
  fromFile(file, given) {
    return parsed(file.bytes, file.base?.bytes, given);
  },
  requestBody(file) {
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    return { module: b64(file.bytes), ...(file.base ? { base: b64(file.base.bytes) } : {}) };
  },
};

function parsed(module: Uint8Array, base: Uint8Array | undefined, given: GivenFacts): ParsedInput {
  const imported = importBtf(module, base, given);
  const out: ParsedInput = { layout: imported.layout, source: describeInput(imported, module, base) };
  if (imported.notes.length > 0) {
    out.notes = imported.notes;
  }
  if (imported.provenance.kernelRelease !== undefined) {
    out.provenance = { kernel: imported.provenance.kernelRelease };
  }
  return out;
}

// What the LayoutRegistered event keeps as the source: not megabytes of base64, but what
// identifies the input (hashes, build id, vermagic) and what the import checked.
function describeInput(imported: BtfImport, module: Uint8Array, base: Uint8Array | undefined): string {
  const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  return JSON.stringify({
    format: 'btf',
    module: { sha256: sha256(module), bytes: module.byteLength, ...imported.provenance },
    ...(base ? { base: { sha256: sha256(base), bytes: base.byteLength } } : {}),
    struct: { typeId: imported.structTypeId, sizeOf: imported.sizeOf },
    kvmOffsetTable: imported.offsetTable ?? null,
    notes: imported.notes,
  });
}

function decode(value: unknown, field: string, limit: number, required: boolean): Buffer | undefined {
  if (value === undefined && !required) {
    return undefined;
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidInput(`${field} is ${required ? 'required and ' : ''}must be a non-empty base64 string`, field);
  }
  if (value.length % 4 !== 0 || !BASE64.test(value)) {
    const bad = value.search(/[^A-Za-z0-9+/=]/);
    throw invalidInput(`${field} is not base64${bad >= 0 ? ` (character ${bad + 1})` : ' (its length is not a multiple of 4, or = is misplaced)'}`, field);
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length > limit) {
    throw invalidInput(`${field} is ${bytes.length} bytes; the limit is ${limit}`, field);
  }
  return bytes;
}

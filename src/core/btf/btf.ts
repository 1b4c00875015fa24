import type { BtfInput } from './btf-error';
import { BTF_MAGIC, Kind, KIND_NAMES, refersByType, trailingBytes } from './btf-kinds';
import { ByteView } from './byte-view';

// A parsed BTF blob, standalone (vmlinux) or split over a base (a module: its type ids go on
// from the base's last id + 1, its string offsets from the base's string section length).
// Parsing walks every type once, checking that it fits the type section, that its kind is
// known, that every type id it refers to exists and every name offset starts a string; types
// are then decoded on demand.

const HEADER_SIZE = 24;

export interface BtfType {
  id: number;
  kind: number;
  kindFlag: boolean;
  vlen: number;
  name: string;
  sizeOrType: number; // size for INT, STRUCT, UNION, ENUM*, DATASEC, FLOAT; a type id for the others
  at: number; // byte offset of the type in the file, for messages
}

export interface BtfMember {
  name: string;
  type: number;
  bitOffset: number;
  bitfieldSize: number; // 0: not a bitfield (or, without kind_flag, see the INT's bits)
}

export interface BtfArray {
  elem: number;
  nelems: number;
}

export interface BtfInt {
  signed: boolean;
  bitOffset: number;
  bits: number;
}

export class Btf {
  readonly firstId: number; // the first id this blob defines (1 standalone)
  readonly count: number; // ids 0 .. count-1 exist, 0 being void
  readonly strStart: number; // string offsets below this are the base's
  private readonly typeOffsets: Uint32Array; // own types, relative to `types`
  private readonly types: ByteView;
  private readonly strings: ByteView;
  private readonly stringCache = new Map<number, string>();

  constructor(
    view: ByteView,
    readonly input: BtfInput,
    readonly base?: Btf,
  ) {
    const magic = view.u16(0, 'BTF magic');
    if (magic !== BTF_MAGIC) {
      throw view.error(magic === 0x9feb ? 'big-endian BTF is not supported (x86-64 kernels only)' : `no BTF magic 0xeb9f (found 0x${magic.toString(16)})`, 0);
    }
    const version = view.u8(2, 'BTF version');
    if (version !== 1) {
      throw view.error(`BTF version ${version} is not supported (only 1)`, 2);
    }
    const hdrLen = view.u32(4, 'BTF header length');
    if (hdrLen < HEADER_SIZE) {
      throw view.error(`BTF header length ${hdrLen} is shorter than ${HEADER_SIZE}`, 4);
    }
    const typeOff = view.u32(8, 'type_off');
    const typeLen = view.u32(12, 'type_len');
    const strOff = view.u32(16, 'str_off');
    const strLen = view.u32(20, 'str_len');
    if (typeOff % 4 !== 0) {
      throw view.error(`type_off ${typeOff} is not 4-byte aligned`, 8);
    }
    this.types = view.slice(hdrLen + typeOff, typeLen, 'the BTF type section');
    this.strings = view.slice(hdrLen + strOff, strLen, 'the BTF string section');
    this.firstId = base ? base.count : 1;
    this.strStart = base ? base.strStart + base.strings.length : 0;
    if (!base && (strLen === 0 || this.strings.bytes[0] !== 0)) {
      throw this.strings.error(
        'the string section does not start with an empty string: this is split BTF (a module\'s); give the BTF it is split over (vmlinux) as the base',
        0,
      );
    }
    this.typeOffsets = this.walk();
    this.count = this.firstId + this.typeOffsets.length;
    this.checkReferences();
  }

  type(id: number): BtfType {
    if (id < this.firstId) {
      if (this.base) {
        return this.base.type(id);
      }
      throw new Error(`type id ${id} is void`); // callers check for 0 first
    }
    const rel = this.typeOffsets[id - this.firstId];
    if (rel === undefined) {
      throw this.types.error(`type id ${id} does not exist (the last is ${this.count - 1})`, 0, { typeId: id });
    }
    return this.header(id, rel);
  }

  members(t: BtfType): BtfMember[] {
    const view = this.owner(t.id).types;
    const rel = t.at - view.base + 12;
    const out: BtfMember[] = [];
    for (let i = 0; i < t.vlen; i++) {
      const at = rel + i * 12;
      const offset = view.u32(at + 8, 'member offset');
      out.push({
        name: this.str(view.u32(at, 'member name'), t.id),
        type: view.u32(at + 4, 'member type'),
        bitOffset: t.kindFlag ? offset & 0xff_ffff : offset,
        bitfieldSize: t.kindFlag ? offset >>> 24 : 0,
      });
    }
    return out;
  }

  array(t: BtfType): BtfArray {
    const view = this.owner(t.id).types;
    const at = t.at - view.base + 12;
    return { elem: view.u32(at, 'array element type'), nelems: view.u32(at + 8, 'array nelems') };
  }

  int(t: BtfType): BtfInt {
    const view = this.owner(t.id).types;
    const word = view.u32(t.at - view.base + 12, 'INT encoding');
    return { signed: (word & 0x0100_0000) !== 0, bitOffset: (word >>> 16) & 0xff, bits: word & 0xff };
  }

  // Ids of every STRUCT named `name` with members in this blob, else in the base.
  structsNamed(name: string): number[] {
    const own: number[] = [];
    for (let id = this.firstId; id < this.count; id++) {
      const t = this.type(id);
      if (t.kind === Kind.STRUCT && t.vlen > 0 && t.name === name) {
        own.push(id);
      }
    }
    return own.length === 0 && this.base ? this.base.structsNamed(name) : own;
  }

  str(off: number, typeId: number): string {
    if (off < this.strStart) {
      return (this.base as Btf).str(off, typeId);
    }
    let s = this.stringCache.get(off);
    if (s === undefined) {
      const rel = off - this.strStart;
      const end = this.strings.bytes.indexOf(0, rel);
      s = Buffer.from(this.strings.bytes.subarray(rel, end)).toString('latin1');
      this.stringCache.set(off, s);
    }
    return s;
  }

  private owner(id: number): Btf {
    return id < this.firstId && this.base ? this.base.owner(id) : this;
  }

  private header(id: number, rel: number): BtfType {
    const v = this.types;
    const info = v.u32(rel + 4, 'type info');
    return {
      id,
      kind: (info >>> 24) & 0x1f,
      kindFlag: info >>> 31 === 1,
      vlen: info & 0xffff,
      name: this.str(v.u32(rel, 'type name'), id),
      sizeOrType: v.u32(rel + 8, 'type size/type'),
      at: v.base + rel,
    };
  }

  // Offsets of this blob's types; each one's extent is checked against the section.
  private walk(): Uint32Array {
    const v = this.types;
    const offsets = new Uint32Array(Math.floor(v.length / 12));
    let n = 0;
    let at = 0;
    while (at < v.length) {
      const id = this.firstId + n;
      v.need(at, 12, `type id ${id}`);
      const info = v.u32(at + 4, 'type info');
      const kind = (info >>> 24) & 0x1f;
      const extra = trailingBytes(kind, info & 0xffff);
      if (extra === undefined) {
        throw v.error(`type id ${id} has unknown kind ${kind}`, at, { typeId: id });
      }
      v.need(at + 12, extra, `type id ${id} (${KIND_NAMES[kind] ?? kind})`);
      offsets[n++] = at;
      at += 12 + extra;
    }
    return offsets.subarray(0, n);
  }

  // Every type id referred to exists, every name offset starts a string. A split blob whose
  // own strings nobody uses was not split over this base (its offsets all land in the base).
  private checkReferences(): void {
    const v = this.types;
    let usesOwnStrings = false;
    const name = (off: number, id: number, at: number): void => {
      this.checkString(off, id, at);
      usesOwnStrings ||= off >= this.strStart;
    };
    const ref = (target: number, id: number, at: number, what: string): void => {
      if (target >= this.count) {
        const hint = this.base
          ? 'the base does not match this BTF'
          : 'this looks like split BTF: give the BTF it is split over (vmlinux) as the base';
        throw v.error(`${what} of type id ${id} refers to type id ${target}, but the last type id is ${this.count - 1}: ${hint}`, at, { typeId: id });
      }
    };
    this.typeOffsets.forEach((at, i) => {
      const id = this.firstId + i;
      const info = v.u32(at + 4, 'type info');
      const kind = (info >>> 24) & 0x1f;
      const vlen = info & 0xffff;
      name(v.u32(at, 'type name'), id, at);
      const third = v.u32(at + 8, 'type size/type');
      if (refersByType(kind)) {
        ref(third, id, at + 8, KIND_NAMES[kind] ?? 'type');
      }
      const body = at + 12;
      if (kind === Kind.ARRAY) {
        ref(v.u32(body, 'array element type'), id, body, 'the array element');
        ref(v.u32(body + 4, 'array index type'), id, body + 4, 'the array index');
      } else if (kind === Kind.STRUCT || kind === Kind.UNION) {
        for (let m = 0; m < vlen; m++) {
          name(v.u32(body + m * 12, 'member name'), id, body + m * 12);
          ref(v.u32(body + m * 12 + 4, 'member type'), id, body + m * 12 + 4, `member ${m}`);
        }
      } else if (kind === Kind.FUNC_PROTO) {
        for (let m = 0; m < vlen; m++) {
          name(v.u32(body + m * 8, 'parameter name'), id, body + m * 8);
          ref(v.u32(body + m * 8 + 4, 'parameter type'), id, body + m * 8 + 4, `parameter ${m}`);
        }
      } else if (kind === Kind.DATASEC) {
        for (let m = 0; m < vlen; m++) {
          ref(v.u32(body + m * 12, 'variable type'), id, body + m * 12, `variable ${m}`);
        }
      } else if (kind === Kind.ENUM || kind === Kind.ENUM64) {
        const step = kind === Kind.ENUM ? 8 : 12;
        for (let m = 0; m < vlen; m++) {
          name(v.u32(body + m * step, 'enumerator name'), id, body + m * step);
        }
      }
    });
    if (this.base && !usesOwnStrings && this.strings.length > 1) {
      throw this.strings.error(
        'no type uses this BTF\'s own strings: it is not split BTF over the given base (a standalone BTF, or another kernel\'s module)',
        0,
      );
    }
  }

  private checkString(off: number, id: number, at: number): void {
    const problem = this.stringProblem(off);
    if (problem) {
      const hint = this.base
        ? ': the base does not match this BTF'
        : off < this.strings.length
          ? ''
          : ': this looks like split BTF; give its base (vmlinux)';
      throw this.types.error(`name offset ${off} of type id ${id} ${problem}${hint}`, at, { typeId: id });
    }
  }

  private stringProblem(off: number): string | undefined {
    if (off < this.strStart) {
      return (this.base as Btf).stringProblem(off);
    }
    const rel = off - this.strStart;
    const s = this.strings.bytes;
    if (rel >= s.length) {
      return `is past the end of the string section (offsets end at ${this.strStart + s.length})`;
    }
    if (rel > 0 && s[rel - 1] !== 0) {
      return 'is not the start of a string';
    }
    return s.indexOf(0, rel) < 0 ? 'starts a string that has no terminating NUL' : undefined;
  }
}

export function parseBtf(bytes: Uint8Array, input: BtfInput, base?: Btf, fileOffset = 0, section?: string): Btf {
  return new Btf(new ByteView(bytes, fileOffset, section === undefined ? { input } : { input, section }), input, base);
}

import { CoreError } from '../errors';
import { parseLayoutC } from './c-parser';
import { VMCS_HDR_BITFIELDS } from './c-types';
import { typeWidth } from './field-types';
import { fingerprint } from './fingerprint';
import { formatRevision, type Layout, type LayoutField } from './layout';
import { overlapSegments as segments, unionMembers as splitMembers } from './overlap-groups';

export interface LayoutToCOptions {
  name?: string; // layout name, printed as a comment
  standalone?: boolean; // add stdint typedefs and struct vmcs_hdr so `cc` compiles it as is
}

// Prints a layout as `struct __packed vmcs12` that parses back (and compiles with gcc) to the
// same fields at the same offsets, hence the same fingerprint. Nothing may be added to make
// that work, since a new field would change the fingerprint, so:
// - gaps are filled with unnamed full-width bitfields (`u8 :8;`), which name no field;
// - views go into union members beside an anonymous struct holding the data they overlay.
// Every layout parsed from C prints this way, and so does any layout whose non-view fields
// are declared in offset order. Anything else (data declared out of offset order, roles the
// naming rules cannot give) is refused: the output is re-parsed and must fingerprint equal.
export function layoutToC(layout: Layout, opts: LayoutToCOptions = {}): string {
  const out: string[] = [];
  if (opts.name !== undefined) {
    out.push(`/* layout: ${opts.name.replace(/\*\//g, '* /')} */`);
  }
  if (opts.standalone) {
    // guarded: a converter includes two layouts, and struct vmcs_hdr may be defined once only
    out.push('#ifndef VMCS12_TYPES_DEFINED', '#define VMCS12_TYPES_DEFINED', '#include <stdint.h>');
    out.push('typedef uint8_t u8;', 'typedef uint16_t u16;', 'typedef uint32_t u32;', 'typedef uint64_t u64;');
    out.push('typedef uint64_t natural_width;', 'struct vmcs_hdr {', '\tu32 revision_id:31;', '\tu32 shadow_vmcs:1;', '};', '#endif');
  }
  out.push('#ifndef __packed', '#define __packed __attribute__((packed))', '#endif', '');
  out.push('struct __packed vmcs12 {');
  new Printer(out).sequence(layout.fields, 0, false, 1);
  out.push('};', '');
  out.push(`#define VMCS12_REVISION ${formatRevision(layout.revision)}`);
  out.push(`#define VMCS12_SIZE 0x${layout.size.toString(16)}`, '');
  const text = out.join('\n');
  let reparsed: string;
  try {
    reparsed = fingerprint(parseLayoutC(text).layout);
  } catch (e) {
    throw notExpressible(e instanceof Error ? e.message : String(e));
  }
  if (reparsed !== fingerprint(layout)) {
    throw notExpressible('its roles or order cannot be reproduced by a C declaration');
  }
  return text;
}

const end = (f: LayoutField): number => f.offset + f.size;
const FILLER_TYPES: Record<number, string> = { 1: 'u8', 2: 'u16', 4: 'u32', 8: 'u64' };

class Printer {
  constructor(private readonly out: string[]) {}

  // Prints fields laid from `start` on, inside a packed aggregate; inView: already inside a
  // non-primary union member, where every field is a view whatever its name.
  sequence(fields: LayoutField[], start: number, inView: boolean, depth: number): void {
    let cursor = start;
    for (const seg of segments(fields)) {
      const lo = Math.min(...seg.map((f) => f.offset));
      this.fill(lo - cursor, depth);
      const [only] = seg;
      if (only && seg.length === 1 && (inView || only.role !== 'view')) {
        this.declare(only, depth);
      } else if (inView) {
        this.open('union', depth);
        for (const member of splitMembers(seg)) {
          this.viewMember(member, lo, depth + 1, 'struct');
        }
        this.close(depth);
      } else {
        this.union(seg, lo, depth);
      }
      cursor = Math.max(...seg.map(end));
    }
  }

  // A run of fields that overlap: one union whose anonymous struct (its data member, by the
  // parser's rule) holds the non-view fields, and whose other members hold the views.
  private union(seg: LayoutField[], lo: number, depth: number): void {
    const first = seg.findIndex((f) => f.role !== 'view');
    const last = seg.length - 1 - [...seg].reverse().findIndex((f) => f.role !== 'view');
    if (first === 0 && last === seg.length - 1) {
      const f = seg.find((g, i) => i > 0 && g.offset < Math.max(...seg.slice(0, i).map(end)));
      throw notExpressible(`field "${f?.name ?? seg[0]?.name}" is declared after fields it precedes in memory`);
    }
    this.open('union', depth);
    if (first < 0) {
      this.out.push(`${tabs(depth + 1)}struct __packed { };`);
      splitMembers(seg).forEach((m) => this.viewMember(m, lo, depth + 1, 'union'));
    } else {
      splitMembers(seg.slice(0, first)).forEach((m) => this.viewMember(m, lo, depth + 1, 'union'));
      this.open('struct', depth + 1);
      this.sequence(seg.slice(first, last + 1), lo, false, depth + 2);
      this.close(depth + 1);
      splitMembers(seg.slice(last + 1)).forEach((m) => this.viewMember(m, lo, depth + 1, 'union'));
    }
    this.close(depth);
  }

  // A union member made of views. Outside a view it is wrapped in a union, never an anonymous
  // struct, so that it cannot be taken for the union's data member.
  private viewMember(member: LayoutField[], lo: number, depth: number, wrapper: 'struct' | 'union'): void {
    const [only] = member;
    if (only && member.length === 1 && only.offset === lo) {
      this.declare(only, depth);
      return;
    }
    this.open(wrapper, depth);
    if (wrapper === 'union') {
      this.open('struct', depth + 1);
      this.sequence(member, lo, true, depth + 2);
      this.close(depth + 1);
    } else {
      this.sequence(member, lo, true, depth + 1);
    }
    this.close(depth);
  }

  private declare(f: LayoutField, depth: number): void {
    const array = f.count > 1 ? `[${f.count}]` : '';
    const bits = f.bitfields;
    if (!bits) {
      this.out.push(`${tabs(depth)}${f.type} ${f.name}${array};`);
    } else if (f.type === 'u32' && sameBitfields(bits)) {
      this.out.push(`${tabs(depth)}struct vmcs_hdr ${f.name};`);
    } else {
      const rest = typeWidth(f.type) * 8 - bits.reduce((s, b) => s + b.bits, 0);
      const members = bits.map((b) => `${f.type} ${b.name}:${b.bits};`);
      if (rest > 0) {
        members.push(`${f.type} :${rest};`);
      }
      this.out.push(`${tabs(depth)}struct __packed { ${members.join(' ')} } ${f.name};`);
    }
  }

  // Gap bytes that belong to no field (alignment holes of the struct this came from).
  private fill(gap: number, depth: number): void {
    let left = gap;
    for (const width of [8, 4, 2, 1]) {
      for (; left >= width; left -= width) {
        this.out.push(`${tabs(depth)}${FILLER_TYPES[width]} :${width * 8};`);
      }
    }
  }

  private open(kind: 'struct' | 'union', depth: number): void {
    this.out.push(`${tabs(depth)}${kind} __packed {`);
  }

  private close(depth: number): void {
    this.out.push(`${tabs(depth)}};`);
  }
}

function sameBitfields(bits: { name: string; bits: number }[]): boolean {
  return bits.length === VMCS_HDR_BITFIELDS.length && bits.every((b, i) => b.name === VMCS_HDR_BITFIELDS[i]?.name && b.bits === VMCS_HDR_BITFIELDS[i]?.bits);
}

function tabs(depth: number): string {
  return '\t'.repeat(depth);
}

function notExpressible(why: string): CoreError {
  return new CoreError('INVALID_LAYOUT', `layout cannot be printed as C: ${why}`);
}

import { typeWidth } from '../../src/core/layouts/field-types';
import type { Layout, LayoutField } from '../../src/core/layouts/layout';

// The conversion rules of API.md written the obvious way, field by field and element by element
// through a DataView: the reference the compiled converter is checked against, and the
// "naive" line of bench/convert.bench.ts. Deliberately shares no code with src/core/conversion.
export interface NaiveLoss {
  field: string;
  index?: number;
  reason: 'absent' | 'truncated';
}

function read(view: DataView, offset: number, width: number): bigint {
  switch (width) {
    case 1:
      return BigInt(view.getUint8(offset));
    case 2:
      return BigInt(view.getUint16(offset, true));
    case 4:
      return BigInt(view.getUint32(offset, true));
    default:
      return view.getBigUint64(offset, true);
  }
}

function write(view: DataView, offset: number, width: number, value: bigint): void {
  switch (width) {
    case 1:
      return view.setUint8(offset, Number(value));
    case 2:
      return view.setUint16(offset, Number(value), true);
    case 4:
      return view.setUint32(offset, Number(value), true);
    default:
      return view.setBigUint64(offset, value, true);
  }
}

export function naiveConvert(
  a: Layout,
  b: Layout,
  input: Uint8Array,
  aliases: ReadonlyMap<string, string> = new Map(),
): { output: Uint8Array; lost: NaiveLoss[] } | { error: 'size' | 'revision' } {
  if (input.length !== a.size) {
    return { error: 'size' };
  }
  const src = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const header = src.getUint32(0, true);
  if ((header & 0x7fffffff) !== a.revision) {
    return { error: 'revision' };
  }
  const output = new Uint8Array(b.size);
  const dst = new DataView(output.buffer);
  dst.setUint32(0, (b.revision | (header & 0x80000000)) >>> 0, true);
  const rename = (n: string): string => aliases.get(n) ?? n;
  const inB = new Map<string, LayoutField>(b.fields.filter((f) => f.role === 'data').map((f) => [rename(f.name), f]));
  const lost: NaiveLoss[] = [];
  for (const fa of a.fields.filter((f) => f.role === 'data')) {
    const fb = inB.get(rename(fa.name));
    const wa = typeWidth(fa.type);
    for (let e = 0; e < fa.count; e++) {
      const value = read(src, fa.offset + e * wa, wa);
      const at = fa.count > 1 ? { index: e } : {};
      if (!fb || e >= fb.count) {
        if (value !== 0n) {
          lost.push({ field: fa.name, ...at, reason: 'absent' });
        }
        continue;
      }
      const wb = typeWidth(fb.type);
      const mask = (1n << BigInt(8 * wb)) - 1n;
      if (value > mask) {
        lost.push({ field: fa.name, ...at, reason: 'truncated' });
      }
      write(dst, fb.offset + e * wb, wb, value & mask);
    }
  }
  return { output, lost };
}

import { CoreError } from '../errors';
import { MAX_REVISION, SHADOW_VMCS_BIT, formatRevision } from '../layouts/layout';
import type { CompiledConverter } from './compile-plan';
import type { BlobLoss } from './blob-loss';

// The converter's inner loop, over byte spans given with their DataViews so a batch builds the
// views once. Bounds were proven when the plan was compiled: every op lies inside srcSize bytes
// from `s` and dstSize bytes from `d`, which the caller checks against the buffers.
export interface Span {
  bytes: Uint8Array;
  view: DataView;
  at: number;
}

// Runs at least this long go to the native `set`; shorter ones are copied 4 bytes at a time
// through DataView, which V8 inlines: cheaper than a subarray per run (bench/convert.bench.ts).
const NATIVE_RUN = 256;

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function runPlan(conv: CompiledConverter, src: Span, dst: Span, zeroed: boolean, lost: BlobLoss[] | null): number {
  const s = src.at;
  const d = dst.at;
  const header = src.view.getUint32(s, true);
  const revision = header & MAX_REVISION;
  if (revision !== conv.fromRevision) {
    throw new CoreError('INVALID_BLOB', 'header revision does not match the source layout', {
      offset: s,
      expected: formatRevision(conv.fromRevision),
      actual: formatRevision(revision),
    });
  }
  if (conv.bulk) {
    dst.bytes.set(src.bytes.subarray(s, s + Math.min(conv.srcSize, conv.dstSize)), d);
    const z = conv.zeroSpans;
    for (let k = 0; k < z.length; k += 2) {
      dst.bytes.fill(0, d + (z[k] as number), d + (z[k + 1] as number));
    }
  } else {
    if (!zeroed) {
      dst.bytes.fill(0, d, d + conv.dstSize);
    }
    copyRuns(conv.copies, src, dst);
  }
  // Bit 31 is shadow_vmcs: the blob's own flag, not part of the revision id.
  dst.view.setUint32(d, (conv.toRevision | (header & SHADOW_VMCS_BIT)) >>> 0, true);
  let losses = conv.resizes.length > 0 ? resize(conv, src, dst, lost) : 0;
  if (conv.absentSpans.length > 0 && !allZero(conv.absentSpans, src)) {
    losses += collectAbsent(conv, src, lost);
  }
  return losses;
}

function copyRuns(c: Int32Array, src: Span, dst: Span): void {
  const sv = src.view;
  const dv = dst.view;
  for (let k = 0; k < c.length; k += 3) {
    const from = src.at + (c[k] as number);
    const to = dst.at + (c[k + 1] as number);
    const length = c[k + 2] as number;
    if (length >= NATIVE_RUN) {
      dst.bytes.set(src.bytes.subarray(from, from + length), to);
      continue;
    }
    let i = 0;
    for (; i + 4 <= length; i += 4) {
      dv.setInt32(to + i, sv.getInt32(from + i, true), true);
    }
    for (; i < length; i++) {
      dv.setUint8(to + i, sv.getUint8(from + i));
    }
  }
}

function nonZero(view: DataView, from: number, to: number): boolean {
  let i = from;
  for (; i + 4 <= to; i += 4) {
    if (view.getInt32(i, true) !== 0) {
      return true;
    }
  }
  for (; i < to; i++) {
    if (view.getUint8(i) !== 0) {
      return true;
    }
  }
  return false;
}

function allZero(spans: Int32Array, src: Span): boolean {
  for (let k = 0; k < spans.length; k += 2) {
    if (nonZero(src.view, src.at + (spans[k] as number), src.at + (spans[k + 1] as number))) {
      return false;
    }
  }
  return true;
}

function collectAbsent(conv: CompiledConverter, src: Span, lost: BlobLoss[] | null): number {
  const a = conv.absent;
  let n = 0;
  for (let k = 0, r = 0; k < a.length; k += 4, r++) {
    const from = src.at + (a[k] as number);
    const width = a[k + 1] as number;
    const count = a[k + 2] as number;
    for (let e = 0; e < count; e++) {
      if (nonZero(src.view, from + e * width, from + (e + 1) * width)) {
        n++;
        lost?.push(loss(conv.absentFields[r] as string, conv.absentArray[r] === true, (a[k + 3] as number) + e, 'absent'));
      }
    }
  }
  return n;
}

// Little-endian: an element's low bytes come first, so widening copies them and leaves the
// (zeroed) high bytes; narrowing copies the low bytes and the dropped high bytes must be zero.
function resize(conv: CompiledConverter, src: Span, dst: Span, lost: BlobLoss[] | null): number {
  const r = conv.resizes;
  let n = 0;
  for (let k = 0, f = 0; k < r.length; k += 5, f++) {
    const fromWidth = r[k + 2] as number;
    const toWidth = r[k + 3] as number;
    const count = r[k + 4] as number;
    const keep = Math.min(fromWidth, toWidth);
    for (let e = 0; e < count; e++) {
      const from = src.at + (r[k] as number) + e * fromWidth;
      const to = dst.at + (r[k + 1] as number) + e * toWidth;
      for (let i = 0; i < keep; i++) {
        dst.view.setUint8(to + i, src.view.getUint8(from + i));
      }
      if (fromWidth > toWidth && nonZero(src.view, from + toWidth, from + fromWidth)) {
        n++;
        lost?.push(loss(conv.resizeFields[f] as string, conv.resizeArray[f] === true, e, 'truncated'));
      }
    }
  }
  return n;
}

function loss(field: string, array: boolean, index: number, reason: BlobLoss['reason']): BlobLoss {
  return array ? { field, index, reason } : { field, reason };
}

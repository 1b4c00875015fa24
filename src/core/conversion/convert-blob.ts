import { CoreError } from '../errors';
import { formatRevision } from '../layouts/layout';
import type { CompiledConverter } from './compile-plan';

// One lost value of one blob: `index` is set when A declares the field as an array.
export interface BlobLoss {
  field: string;
  index?: number;
  reason: 'absent' | 'truncated';
}

export interface ConvertOptions {
  strict?: boolean; // any loss is a LOSSY_CONVERSION error instead of a result
}

export interface ConvertResult {
  output: Uint8Array; // B.size bytes
  lost: BlobLoss[];
}

// Runs shorter than this are copied byte by byte: creating a subarray for `set` costs more
// than the copy itself for a field or two (measured in bench/convert.bench.ts).
const SMALL_RUN = 24;

// Converts one blob (API.md "Conversion of a blob"). Errors name the byte offset in `input`.
export function convertBlob(conv: CompiledConverter, input: Uint8Array, opts: ConvertOptions = {}): ConvertResult {
  checkLength(conv, input.length, undefined);
  const output = new Uint8Array(conv.dstSize);
  const lost: BlobLoss[] = [];
  convertInto(conv, input, 0, output, 0, true, lost);
  if (opts.strict && lost.length > 0) {
    throw lossy(lost, {});
  }
  return { output, lost };
}

export function checkLength(conv: CompiledConverter, length: number, blob: number | undefined): void {
  if (length !== conv.srcSize) {
    throw new CoreError('INVALID_BLOB', `blob is ${length} bytes, the source layout needs ${conv.srcSize}`, {
      offset: Math.min(length, conv.srcSize),
      expected: conv.srcSize,
      actual: length,
      ...(blob === undefined ? {} : { blob }),
    });
  }
}

export function lossy(lost: BlobLoss[], details: Record<string, unknown>): CoreError {
  const names = lost.map((l) => (l.index === undefined ? l.field : `${l.field}[${l.index}]`));
  return new CoreError('LOSSY_CONVERSION', `conversion would lose ${names.join(', ')}`, { ...details, lost });
}

// Converts srcSize bytes at `src[s..]` into dstSize bytes at `dst[d..]`, returning the number
// of lost values (pushed to `lost` when given). `zeroed` says the destination bytes are already
// zero, as in a fresh allocation. The caller has checked that both spans exist; the compiled ops
// stay inside them.
export function convertInto(
  conv: CompiledConverter,
  src: Uint8Array,
  s: number,
  dst: Uint8Array,
  d: number,
  zeroed: boolean,
  lost: BlobLoss[] | null,
): number {
  if (s < 0 || d < 0 || s + conv.srcSize > src.length || d + conv.dstSize > dst.length) {
    throw new RangeError('convertInto: blob span outside its buffer');
  }
  const top = src[s + 3] as number;
  const revision = ((src[s] as number) | ((src[s + 1] as number) << 8) | ((src[s + 2] as number) << 16) | ((top & 0x7f) << 24)) >>> 0;
  if (revision !== conv.fromRevision) {
    throw new CoreError('INVALID_BLOB', 'header revision does not match the source layout', {
      offset: s,
      expected: formatRevision(conv.fromRevision),
      actual: formatRevision(revision),
    });
  }
  if (!zeroed) {
    dst.fill(0, d, d + conv.dstSize);
  }
  const header = conv.toRevision;
  dst[d] = header & 0xff;
  dst[d + 1] = (header >>> 8) & 0xff;
  dst[d + 2] = (header >>> 16) & 0xff;
  dst[d + 3] = ((header >>> 24) & 0x7f) | (top & 0x80);

  const c = conv.copies;
  for (let k = 0; k < c.length; k += 3) {
    const from = s + (c[k] as number);
    const to = d + (c[k + 1] as number);
    const length = c[k + 2] as number;
    if (length < SMALL_RUN) {
      for (let i = 0; i < length; i++) {
        dst[to + i] = src[from + i] as number;
      }
    } else {
      dst.set(src.subarray(from, from + length), to);
    }
  }
  let losses = conv.resizes.length > 0 ? resize(conv, src, s, dst, d, lost) : 0;
  if (conv.absentSpans.length > 0 && !allZero(conv.absentSpans, src, s)) {
    losses += collectAbsent(conv, src, s, lost);
  }
  return losses;
}

function allZero(spans: Int32Array, src: Uint8Array, s: number): boolean {
  for (let k = 0; k < spans.length; k += 2) {
    const end = s + (spans[k + 1] as number);
    for (let i = s + (spans[k] as number); i < end; i++) {
      if (src[i] !== 0) {
        return false;
      }
    }
  }
  return true;
}

function nonZero(src: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (src[i] !== 0) {
      return true;
    }
  }
  return false;
}

function collectAbsent(conv: CompiledConverter, src: Uint8Array, s: number, lost: BlobLoss[] | null): number {
  const a = conv.absent;
  let n = 0;
  for (let k = 0, r = 0; k < a.length; k += 4, r++) {
    const from = s + (a[k] as number);
    const width = a[k + 1] as number;
    const count = a[k + 2] as number;
    for (let e = 0; e < count; e++) {
      if (nonZero(src, from + e * width, from + (e + 1) * width)) {
        n++;
        lost?.push(loss(conv.absentFields[r] as string, conv.absentArray[r] === true, (a[k + 3] as number) + e, 'absent'));
      }
    }
  }
  return n;
}

// Little-endian: an element's low bytes come first, so widening copies them and leaves the
// (zeroed) high bytes; narrowing copies the low bytes and the dropped high bytes must be zero.
function resize(conv: CompiledConverter, src: Uint8Array, s: number, dst: Uint8Array, d: number, lost: BlobLoss[] | null): number {
  const r = conv.resizes;
  let n = 0;
  for (let k = 0, f = 0; k < r.length; k += 5, f++) {
    const fromWidth = r[k + 2] as number;
    const toWidth = r[k + 3] as number;
    const count = r[k + 4] as number;
    const keep = Math.min(fromWidth, toWidth);
    for (let e = 0; e < count; e++) {
      const from = s + (r[k] as number) + e * fromWidth;
      const to = d + (r[k + 1] as number) + e * toWidth;
      for (let i = 0; i < keep; i++) {
        dst[to + i] = src[from + i] as number;
      }
      if (fromWidth > toWidth && nonZero(src, from + toWidth, from + fromWidth)) {
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

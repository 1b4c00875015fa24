import { CoreError } from '../errors';
import type { BlobLoss } from './blob-loss';
import { toConverter, type CompiledConverter } from './compile-plan';
import type { Plan } from './plan-types';
import { runPlan, viewOf } from './run-plan';

export interface ConvertOptions {
  strict?: boolean; // any loss is a LOSSY_CONVERSION error instead of a result
}

export interface ConvertResult {
  output: Uint8Array; // B.size bytes
  lost: BlobLoss[];
}

// Converts one blob (API.md "Conversion of a blob"). Errors name the byte offset in `input`.
export function convertBlob(converter: CompiledConverter | Plan, input: Uint8Array, opts: ConvertOptions = {}): ConvertResult {
  const conv = toConverter(converter);
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

// `name` or `name[i]`, as X-Lost-Fields lists them.
export function formatLostField(l: BlobLoss): string {
  return l.index === undefined ? l.field : `${l.field}[${l.index}]`;
}

export function lossy(lost: BlobLoss[], details: Record<string, unknown>): CoreError {
  const names = lost.map(formatLostField);
  return new CoreError('LOSSY_CONVERSION', `conversion would lose ${names.join(', ')}`, { ...details, lost });
}

// Converts srcSize bytes at `src[s..]` into dstSize bytes at `dst[d..]`, returning the number
// of lost values (pushed to `lost` when given). `zeroed` says the destination bytes are already
// zero, as in a fresh allocation.
export function convertInto(
  conv: CompiledConverter,
  src: Uint8Array,
  s: number,
  dst: Uint8Array,
  d: number,
  zeroed: boolean,
  lost: BlobLoss[] | null,
): number {
  if (!inside(s, conv.srcSize, src) || !inside(d, conv.dstSize, dst)) {
    throw new RangeError('convertInto: blob span outside its buffer');
  }
  return runPlan(conv, { bytes: src, view: viewOf(src), at: s }, { bytes: dst, view: viewOf(dst), at: d }, zeroed, lost);
}

export function inside(at: number, size: number, buffer: Uint8Array): boolean {
  return Number.isSafeInteger(at) && at >= 0 && at + size <= buffer.length;
}

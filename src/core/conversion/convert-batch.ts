import { CoreError } from '../errors';
import { toConverter, type CompiledConverter } from './compile-plan';
import type { Plan } from './plan-types';
import { checkLength, lossy, type ConvertOptions } from './convert-blob';
import type { BlobLoss } from './blob-loss';
import { runPlan, viewOf, type Span } from './run-plan';

export interface BatchOptions extends ConvertOptions {
  // Reuse this buffer (at least blobs * B.size bytes) for the output instead of allocating one:
  // saves zeroing fresh pages for every batch. The result's output is then a view of it.
  into?: Uint8Array;
}

export interface BatchResult {
  output: Uint8Array; // blobs * B.size bytes, blob i at i * B.size
  blobs: number;
  lost: ReadonlyArray<readonly BlobLoss[]>; // per blob, in input order
  lossyBlobs: number;
}

const NO_LOSS: readonly BlobLoss[] = Object.freeze([]);

// Many blobs of A into one buffer of B blobs: one allocation, and no per-blob result object
// for blobs that lose nothing. Input is either the blobs back to back or a list of blobs.
// Errors carry `blob` (its index) and `offset` (within the concatenated input).
export function convertBatch(
  converter: CompiledConverter | Plan,
  input: Uint8Array | readonly Uint8Array[],
  opts: BatchOptions = {},
): BatchResult {
  const conv = toConverter(converter);
  const list = input instanceof Uint8Array ? undefined : input;
  let blobs: number;
  if (list) {
    blobs = list.length;
    list.forEach((blob, i) => checkLength(conv, blob.length, i));
  } else {
    const whole = input as Uint8Array;
    blobs = Math.floor(whole.length / conv.srcSize);
    if (whole.length % conv.srcSize !== 0) {
      throw new CoreError('INVALID_BLOB', `batch of ${whole.length} bytes is not a whole number of ${conv.srcSize}-byte blobs`, {
        offset: blobs * conv.srcSize,
        expected: (blobs + 1) * conv.srcSize,
        actual: whole.length,
        blob: blobs,
      });
    }
  }
  const bytes = blobs * conv.dstSize;
  if (opts.into && opts.into.length < bytes) {
    throw new CoreError('INVALID_INPUT', `output buffer of ${opts.into.length} bytes cannot hold ${blobs} blobs of ${conv.dstSize}`, {
      expected: bytes,
      actual: opts.into.length,
    });
  }
  const output = opts.into ? opts.into.subarray(0, bytes) : new Uint8Array(bytes);
  const dst: Span = { bytes: output, view: viewOf(output), at: 0 };
  const whole: Span | undefined = list ? undefined : { bytes: input as Uint8Array, view: viewOf(input as Uint8Array), at: 0 };
  const lost: Array<readonly BlobLoss[]> = new Array<readonly BlobLoss[]>(blobs);
  let lossyBlobs = 0;
  let scratch: BlobLoss[] = [];
  for (let i = 0; i < blobs; i++) {
    let src: Span;
    if (whole) {
      whole.at = i * conv.srcSize;
      src = whole;
    } else {
      const blob = list?.[i] as Uint8Array;
      src = { bytes: blob, view: viewOf(blob), at: 0 };
    }
    dst.at = i * conv.dstSize;
    let n: number;
    try {
      n = runPlan(conv, src, dst, opts.into === undefined, scratch);
    } catch (e) {
      throw e instanceof CoreError ? rebase(e, i, list ? i * conv.srcSize : 0) : e;
    }
    if (n === 0) {
      lost[i] = NO_LOSS;
      continue;
    }
    if (opts.strict) {
      throw lossy(scratch, { blob: i });
    }
    lost[i] = scratch;
    scratch = [];
    lossyBlobs++;
  }
  return { output, blobs, lost, lossyBlobs };
}

// Offsets from convertInto are relative to the buffer the blob was read from; a list's blob i
// starts at i * srcSize of the (virtual) concatenation.
function rebase(e: CoreError, blob: number, base: number): CoreError {
  const offset = typeof e.details.offset === 'number' ? e.details.offset + base : e.details.offset;
  return new CoreError(e.code, `blob ${blob}: ${e.message}`, { ...e.details, offset, blob });
}

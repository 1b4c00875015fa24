import { CoreError } from '../errors';
import type { CompiledConverter } from './compile-plan';
import { checkLength, convertInto, lossy, type BlobLoss, type ConvertOptions } from './convert-blob';

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
  conv: CompiledConverter,
  input: Uint8Array | readonly Uint8Array[],
  opts: ConvertOptions = {},
): BatchResult {
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
  const output = new Uint8Array(blobs * conv.dstSize);
  const lost: Array<readonly BlobLoss[]> = new Array<readonly BlobLoss[]>(blobs);
  let lossyBlobs = 0;
  let scratch: BlobLoss[] = [];
  for (let i = 0; i < blobs; i++) {
    const src = list ? (list[i] as Uint8Array) : (input as Uint8Array);
    const s = list ? 0 : i * conv.srcSize;
    let n: number;
    try {
      n = convertInto(conv, src, s, output, i * conv.dstSize, true, scratch);
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

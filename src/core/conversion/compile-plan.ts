import { CoreError, assertNever } from '../errors';
import { MAX_REVISION } from '../layouts/layout';
import type { Plan, PlanOp } from './plan-types';

// A plan flattened into typed arrays, checked once against both sizes: after this, no op can
// read outside `srcSize` bytes of the input or write outside `dstSize` bytes of the output,
// whatever the plan said.
export interface CompiledConverter {
  plan: Plan;
  srcSize: number;
  dstSize: number;
  fromRevision: number;
  toRevision: number;
  copies: Int32Array; // [from, to, length] per run
  resizes: Int32Array; // [from, to, fromWidth, toWidth, count] per field
  resizeFields: string[];
  resizeArray: boolean[]; // A's field is an array: truncations carry an index
  absent: Int32Array; // [from, width, count, firstIndex] per range
  absentFields: string[];
  absentArray: boolean[];
  absentSpans: Int32Array; // [start, end) byte spans of all absent ranges, merged, for a zero scan
  // Every copy keeps its offset (an in-place pair): copy the whole blob natively, then zero
  // `zeroSpans`, the destination bytes no copy covers. Cheaper than one call per run.
  bulk: boolean;
  zeroSpans: Int32Array;
}

const WIDTHS = new Set([1, 2, 4, 8]);
const HEADER_BYTES = 4;
const MAX_BLOB = 0x4000_0000; // offsets live in Int32Array

function invalid(message: string, details: Record<string, unknown>): never {
  throw new CoreError('INVALID_INPUT', `invalid plan: ${message}`, details);
}

function checkSpan(what: string, start: number, length: number, limit: number, opIndex: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length) || start < 0 || length < 0) {
    invalid(`${what} offsets must be non-negative integers`, { op: opIndex });
  }
  if (start + length > limit) {
    invalid(`${what} [${start}, ${start + length}) is outside ${limit} bytes`, { op: opIndex });
  }
}

// Width and count are checked apart from the span: a count of 1.5 times a width of 8 is a
// whole number of bytes, yet the element loop would run twice.
function checkElements(width: number, count: number, opIndex: number): void {
  if (!WIDTHS.has(width)) {
    invalid(`element width ${width} is not 1, 2, 4 or 8`, { op: opIndex });
  }
  if (!Number.isSafeInteger(count) || count < 0) {
    invalid(`element count ${count} is not a non-negative integer`, { op: opIndex });
  }
}

// The converter for a plan given either way; compile once and reuse it for many blobs.
export function toConverter(planOrConverter: Plan | CompiledConverter): CompiledConverter {
  return 'ops' in planOrConverter ? compilePlan(planOrConverter) : planOrConverter;
}

export function compilePlan(plan: Plan): CompiledConverter {
  const { fromSize: srcSize, toSize: dstSize } = plan;
  if (!Number.isSafeInteger(srcSize) || !Number.isSafeInteger(dstSize) || srcSize < HEADER_BYTES || dstSize < HEADER_BYTES || srcSize > MAX_BLOB || dstSize > MAX_BLOB) {
    invalid('sizes must be integers from 4 bytes to 1 GiB', { fromSize: srcSize, toSize: dstSize });
  }
  if (!Number.isInteger(plan.fromRevision) || plan.fromRevision < 0 || plan.fromRevision > MAX_REVISION) {
    invalid('fromRevision must fit 31 bits', { fromRevision: plan.fromRevision });
  }
  const copies: number[] = [];
  const resizes: number[] = [];
  const resizeFields: string[] = [];
  let toRevision: number | undefined;
  plan.ops.forEach((op: PlanOp, i) => {
    switch (op.op) {
      case 'revision':
        if (op.to !== 0 || toRevision !== undefined) {
          invalid('exactly one revision op, at offset 0', { op: i });
        }
        if (!Number.isInteger(op.value) || op.value < 0 || op.value > MAX_REVISION) {
          invalid('revision value must fit 31 bits', { op: i });
        }
        toRevision = op.value;
        break;
      case 'copy':
        checkSpan('copy source', op.from, op.length, srcSize, i);
        checkSpan('copy destination', op.to, op.length, dstSize, i);
        copies.push(op.from, op.to, op.length);
        break;
      case 'resize':
        checkElements(op.fromWidth, op.count, i);
        checkElements(op.toWidth, op.count, i);
        checkSpan('resize source', op.from, op.fromWidth * op.count, srcSize, i);
        checkSpan('resize destination', op.to, op.toWidth * op.count, dstSize, i);
        resizes.push(op.from, op.to, op.fromWidth, op.toWidth, op.count);
        resizeFields.push(op.field);
        break;
      default:
        assertNever(op, 'plan op');
    }
  });
  if (toRevision === undefined) {
    invalid('no revision op', {});
  }
  const absent: number[] = [];
  const spans: Array<[number, number]> = [];
  plan.absent.forEach((r, i) => {
    checkElements(r.width, r.count, i);
    if (!Number.isSafeInteger(r.firstIndex) || r.firstIndex < 0) {
      invalid('absent firstIndex must be a non-negative integer', { absent: i });
    }
    checkSpan('absent range', r.from, r.width * r.count, srcSize, i);
    absent.push(r.from, r.width, r.count, r.firstIndex);
    spans.push([r.from, r.from + r.width * r.count]);
  });
  const absentNames = new Set(plan.absent.map((r) => r.field));
  return {
    plan,
    srcSize,
    dstSize,
    fromRevision: plan.fromRevision,
    toRevision,
    copies: Int32Array.from(copies),
    resizes: Int32Array.from(resizes),
    resizeFields,
    // A resized field is an array in A when more than one element is converted or some of its
    // elements are absent from B (B holds fewer).
    resizeArray: resizeFields.map((name, k) => (resizes[k * 5 + 4] ?? 0) > 1 || absentNames.has(name)),
    absent: Int32Array.from(absent),
    absentFields: plan.absent.map((r) => r.field),
    absentArray: plan.absent.map((r) => r.array),
    absentSpans: Int32Array.from(mergeSpans(spans).flat()),
    ...bulkCopy(copies, srcSize, dstSize),
  };
}

function bulkCopy(copies: number[], srcSize: number, dstSize: number): { bulk: boolean; zeroSpans: Int32Array } {
  const runs: Array<[number, number]> = [];
  for (let k = 0; k < copies.length; k += 3) {
    if (copies[k] !== copies[k + 1]) {
      return { bulk: false, zeroSpans: new Int32Array(0) };
    }
    const at = copies[k] as number;
    runs.push([at, at + (copies[k + 2] as number)]);
  }
  const zero: number[] = [];
  let at = 0;
  for (const [start, end] of mergeSpans(runs)) {
    if (start > at) {
      zero.push(at, start);
    }
    at = Math.max(at, end);
  }
  if (at < dstSize) {
    zero.push(at, dstSize);
  }
  // The native copy takes min(srcSize, dstSize) bytes; anything a run does not cover is zeroed.
  return { bulk: srcSize > 0, zeroSpans: Int32Array.from(zero) };
}

function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) {
      last[1] = Math.max(last[1], e);
    } else {
      out.push([s, e]);
    }
  }
  return out;
}

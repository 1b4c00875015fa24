import fc from 'fast-check';
import { CoreError } from '../errors';
import { compilePlan } from './compile-plan';
import { convertInto } from './convert-blob';
import type { AbsentRange, Plan, PlanOp } from './plan-types';

const REV = 0x11e57ed0;

function plan(ops: PlanOp[], absent: AbsentRange[] = [], fromSize = 64, toSize = 64): Plan {
  return { id: 'x', fromFingerprint: 'a', toFingerprint: 'b', fromRevision: REV, fromSize, toSize, ops, absent, copyRuns: 0, bytesCopied: 0 };
}

const revision: PlanOp = { op: 'revision', to: 0, value: REV };

function code(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof CoreError ? e.code : `other: ${String(e)}`;
  }
}

describe('compilePlan refuses plans that could leave the blobs', () => {
  it.each<[string, Plan]>([
    ['a copy past the source', plan([revision, { op: 'copy', from: 60, to: 0, length: 8 }])],
    ['a copy past the destination', plan([revision, { op: 'copy', from: 0, to: 60, length: 8 }], [], 64, 64)],
    ['a negative offset', plan([revision, { op: 'copy', from: -1, to: 0, length: 1 }])],
    ['a fractional element count', plan([revision, { op: 'resize', field: 'f', from: 0, to: 0, fromWidth: 8, toWidth: 4, count: 1.5 }])],
    ['a width of 3', plan([revision, { op: 'resize', field: 'f', from: 0, to: 0, fromWidth: 3, toWidth: 4, count: 1 }])],
    ['a resize past the destination', plan([revision, { op: 'resize', field: 'f', from: 0, to: 60, fromWidth: 4, toWidth: 8, count: 1 }])],
    ['an absent range past the source', plan([revision], [{ field: 'f', from: 60, width: 8, count: 1, firstIndex: 0, array: false }])],
    ['no revision op', plan([])],
    ['two revision ops', plan([revision, revision])],
    ['a revision op elsewhere than 0', plan([{ op: 'revision', to: 4, value: REV }])],
    ['a revision over 31 bits', plan([{ op: 'revision', to: 0, value: 0x80000000 }])],
    ['a blob smaller than its header', plan([revision], [], 2, 64)],
  ])('%s', (_, p) => {
    expect(code(() => compilePlan(p))).toBe('INVALID_INPUT');
  });

  it('compiles a plan whose ops end exactly at both sizes', () => {
    const c = compilePlan(plan([revision, { op: 'copy', from: 56, to: 60, length: 4 }], [{ field: 'f', from: 60, width: 4, count: 1, firstIndex: 0, array: false }]));
    expect(Array.from(c.copies)).toEqual([56, 60, 4]);
    expect(Array.from(c.absentSpans)).toEqual([60, 64]);
  });

  it('never reads or writes outside the blobs, whatever the fuzzed plan', () => {
    const num = fc.integer({ min: -4, max: 80 });
    const width = fc.constantFrom(0, 1, 2, 3, 4, 8, 16);
    const op: fc.Arbitrary<PlanOp> = fc.oneof(
      fc.record({ op: fc.constant('copy' as const), from: num, to: num, length: num }),
      fc.record({ op: fc.constant('resize' as const), field: fc.constant('f'), from: num, to: num, fromWidth: width, toWidth: width, count: num }),
    );
    const absent: fc.Arbitrary<AbsentRange> = fc.record({ field: fc.constant('g'), from: num, width, count: num, firstIndex: num, array: fc.boolean() });
    const sizes = fc.integer({ min: 0, max: 72 });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 6 }), fc.array(absent, { maxLength: 3 }), sizes, sizes, fc.uint8Array({ minLength: 72, maxLength: 72 }), (ops, abs, fromSize, toSize, bytes) => {
        const p = plan([revision, ...ops], abs, fromSize, toSize);
        let c;
        try {
          c = compilePlan(p);
        } catch (e) {
          expect(e).toBeInstanceOf(CoreError);
          return;
        }
        for (const o of ops) {
          const [fromEnd, toEnd] = o.op === 'copy' ? [o.from + o.length, o.to + o.length] : o.op === 'resize' ? [o.from + o.fromWidth * o.count, o.to + o.toWidth * o.count] : [0, 0];
          expect(fromEnd <= fromSize && toEnd <= toSize).toBe(true);
        }
        // Source and destination sit between guard bytes: a stray read shows up in the output
        // only through copied bytes, a stray write changes a guard.
        const src = new Uint8Array(fromSize + 16).fill(0xee);
        src.set(bytes.subarray(0, fromSize), 8);
        src.set([0xd0, 0x7e, 0xe5, 0x11], 8);
        const dst = new Uint8Array(toSize + 16).fill(0xaa);
        convertInto(c, src, 8, dst, 8, false, []);
        expect(Array.from(dst.subarray(0, 8))).toEqual(new Array(8).fill(0xaa));
        expect(Array.from(dst.subarray(8 + toSize))).toEqual(new Array(8).fill(0xaa));
        if (dst.subarray(8, 8 + toSize).includes(0xee)) {
          expect(src.subarray(8, 8 + fromSize).includes(0xee)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

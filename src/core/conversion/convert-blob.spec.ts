import fc from 'fast-check';
import { inPlacePairArb, layoutArb, layoutPairArb, packLayout, prng, randomBlob } from '../../../test/support/layout-factory';
import { naiveConvert, type NaiveLoss } from '../../../test/support/naive-converter';
import { catalogEntry, testFingerprint } from '../../../test/support/shared-layouts';
import { compareLayouts } from '../compat/compare-layouts';
import type { Layout } from '../layouts/layout';
import { compilePlan, type CompiledConverter } from './compile-plan';
import { convertBlob } from './convert-blob';
import type { BlobLoss } from './blob-loss';
import { buildPlan } from './plan';
import { caught } from '../../../test/support/caught';

const side = (layout: Layout) => ({ layout, fingerprint: testFingerprint(layout) });
const converter = (a: Layout, b: Layout): CompiledConverter => compilePlan(buildPlan(side(a), side(b)));
const sortLoss = (l: ReadonlyArray<BlobLoss | NaiveLoss>) => [...l].map((x) => JSON.stringify(x)).sort();


const A = packLayout([
  { name: 'x', type: 'u64', count: 1 },
  { name: 'arr', type: 'u32', count: 3 },
  { name: 'gone', type: 'u16', count: 1 },
]);
const B = packLayout(
  [
    { name: 'arr', type: 'u16', count: 2 },
    { name: 'x', type: 'u64', count: 1 },
  ],
  0x11e57ed1,
);

function blobOfA(values: { x?: bigint; arr?: number[]; gone?: number; shadow?: boolean }): Uint8Array {
  const blob = new Uint8Array(A.size);
  const v = new DataView(blob.buffer);
  v.setUint32(0, (A.revision | (values.shadow ? 0x80000000 : 0)) >>> 0, true);
  v.setBigUint64(4, values.x ?? 0n, true);
  (values.arr ?? []).forEach((n, i) => v.setUint32(12 + 4 * i, n, true));
  v.setUint16(24, values.gone ?? 0, true);
  return blob;
}

describe('convertBlob', () => {
  const conv = converter(A, B);

  it('writes B’s revision, keeps the shadow bit and moves fields', () => {
    const { output, lost } = convertBlob(conv, blobOfA({ x: 0x1122334455667788n, arr: [1, 2], shadow: true }));
    const v = new DataView(output.buffer);
    expect(output.length).toBe(B.size);
    expect(v.getUint32(0, true)).toBe((0x11e57ed1 | 0x80000000) >>> 0);
    expect([v.getUint16(4, true), v.getUint16(6, true)]).toEqual([1, 2]);
    expect(v.getBigUint64(8, true)).toBe(0x1122334455667788n);
    expect(lost).toEqual([]);
  });

  it('reports truncated when a u32 value does not fit u16, with the element index', () => {
    const { output, lost } = convertBlob(conv, blobOfA({ arr: [0x10002, 5] }));
    expect(new DataView(output.buffer).getUint16(4, true)).toBe(2);
    expect(lost).toEqual([{ field: 'arr', index: 0, reason: 'truncated' }]);
  });

  it('reports absent for non-zero values with no place in B, per element, and not for zeros', () => {
    const { lost } = convertBlob(conv, blobOfA({ arr: [0, 0, 7], gone: 9 }));
    expect(lost).toEqual([
      { field: 'arr', index: 2, reason: 'absent' },
      { field: 'gone', reason: 'absent' },
    ]);
    expect(convertBlob(conv, blobOfA({ x: 1n })).lost).toEqual([]);
  });

  it('refuses a lossy conversion in strict mode, listing the losses', () => {
    const e = caught(() => convertBlob(conv, blobOfA({ gone: 1 }), { strict: true }));
    expect(e.code).toBe('LOSSY_CONVERSION');
    expect(e.details).toEqual({ lost: [{ field: 'gone', reason: 'absent' }] });
    expect(convertBlob(conv, blobOfA({ x: 3n }), { strict: true }).lost).toEqual([]);
  });

  it('takes a plan as well as a compiled converter', () => {
    const blob = blobOfA({ x: 5n, gone: 1 });
    expect(convertBlob(buildPlan(side(A), side(B)), blob)).toEqual(convertBlob(conv, blob));
  });

  it('refuses a blob of the wrong size, naming the offset', () => {
    const e = caught(() => convertBlob(conv, new Uint8Array(A.size - 2)));
    expect([e.code, e.details]).toEqual(['INVALID_BLOB', { offset: A.size - 2, expected: A.size, actual: A.size - 2 }]);
  });

  it('refuses a blob whose header holds another revision, ignoring the shadow bit', () => {
    const blob = blobOfA({});
    blob[0] = 0xd1;
    const e = caught(() => convertBlob(conv, blob));
    expect([e.code, e.details]).toEqual(['INVALID_BLOB', { offset: 0, expected: '0x11e57ed0', actual: '0x11e57ed1' }]);
  });

  it('matches the field-by-field reference on random layout pairs and blobs', () => {
    fc.assert(
      fc.property(layoutPairArb, fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), ({ a, b }, seed, density) => {
        const input = randomBlob(a, prng(seed), density);
        const expected = naiveConvert(a, b, input);
        const actual = convertBlob(converter(a, b), input);
        if ('error' in expected) {
          throw new Error(expected.error);
        }
        expect(actual.output).toEqual(expected.output);
        expect(sortLoss(actual.lost)).toEqual(sortLoss(expected.lost));
      }),
      { numRuns: 300 },
    );
  });

  it('A → A keeps header and data bytes and zeroes everything else', () => {
    fc.assert(
      fc.property(layoutArb, fc.integer(), (a, seed) => {
        const input = randomBlob(a, prng(seed));
        const { output, lost } = convertBlob(converter(a, a), input);
        expect(lost).toEqual([]);
        const expected = new Uint8Array(a.size);
        for (const f of a.fields.filter((x) => x.role === 'data' || x.role === 'header')) {
          expected.set(input.subarray(f.offset, f.offset + f.size), f.offset);
        }
        expect(output).toEqual(expected);
      }),
    );
  });

  it('A → B → A restores every field B holds without narrowing', () => {
    fc.assert(
      fc.property(layoutPairArb, fc.integer(), ({ a, b }, seed) => {
        const input = randomBlob(a, prng(seed));
        const back = convertBlob(converter(b, a), convertBlob(converter(a, b), input).output).output;
        const kept = new Map(b.fields.filter((f) => f.role === 'data').map((f) => [f.name, f]));
        for (const fa of a.fields.filter((f) => f.role === 'data')) {
          const fb = kept.get(fa.name);
          if (fb && fb.size / fb.count >= fa.size / fa.count && fb.count >= fa.count) {
            expect([fa.name, back.subarray(fa.offset, fa.offset + fa.size)]).toEqual([fa.name, input.subarray(fa.offset, fa.offset + fa.size)]);
          }
        }
        expect(back.subarray(0, 4)).toEqual(input.subarray(0, 4));
      }),
      { numRuns: 200 },
    );
  });

  it('converts in place between in-place layouts: shared bytes unchanged, the rest zero', () => {
    fc.assert(
      fc.property(inPlacePairArb, fc.integer(), ({ a, b }, seed) => {
        expect(compareLayouts(a, b).inPlace).toBe(true);
        const input = randomBlob(a, prng(seed));
        const { output } = convertBlob(converter(a, b), input);
        const names = new Set(a.fields.filter((f) => f.role === 'data').map((f) => f.name));
        for (const f of b.fields) {
          const bytes = output.subarray(f.offset, f.offset + f.size);
          if (f.role === 'data' && names.has(f.name)) {
            expect(bytes).toEqual(input.subarray(f.offset, f.offset + f.size));
          } else if (f.role !== 'header') {
            expect(bytes.every((x) => x === 0)).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('converts historical blobs like the reference: 4.14 → 4.17-pinned and back', () => {
    const v414 = catalogEntry('linux-v4.14');
    const v417 = catalogEntry('linux-v4.17-pinned');
    const rand = prng(7);
    for (const [a, b] of [
      [v414, v417],
      [v417, v414],
    ] as const) {
      const conv = compilePlan(buildPlan(a, b));
      for (let i = 0; i < 20; i++) {
        const input = randomBlob(a.layout, rand, i / 20);
        const expected = naiveConvert(a.layout, b.layout, input);
        const actual = convertBlob(conv, input);
        expect('error' in expected ? expected : { output: actual.output, lost: sortLoss(actual.lost) }).toEqual({
          output: 'output' in expected ? expected.output : undefined,
          lost: 'lost' in expected ? sortLoss(expected.lost) : undefined,
        });
      }
    }
  });
});

import { packLayout, prng, randomBlob } from '../../../test/support/layout-factory';
import { testFingerprint } from '../../../test/support/shared-layouts';
import { CoreError } from '../errors';
import type { Layout } from '../layouts/layout';
import { compilePlan } from './compile-plan';
import { convertBatch } from './convert-batch';
import { convertBlob } from './convert-blob';
import { buildPlan } from './plan';
import { caught } from '../../../test/support/caught';

const side = (layout: Layout) => ({ layout, fingerprint: testFingerprint(layout) });
const a = packLayout([
  { name: 'x', type: 'u64', count: 1 },
  { name: 'y', type: 'u32', count: 1 },
]);
const b = packLayout([{ name: 'x', type: 'u32', count: 1 }], 0x11e57ed1, 4);
const conv = compilePlan(buildPlan(side(a), side(b)));

function blobs(n: number): Uint8Array[] {
  const rand = prng(3);
  return Array.from({ length: n }, (_, i) => randomBlob(a, rand, i % 2 === 0 ? 0 : 0.9));
}

function concat(list: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(list.reduce((s, x) => s + x.length, 0));
  list.reduce((at, x) => (out.set(x, at), at + x.length), 0);
  return out;
}


describe('convertBatch', () => {
  it('gives each blob what convertBlob gives it, from a list or back to back', () => {
    const list = blobs(12);
    const one = list.map((x) => convertBlob(conv, x));
    for (const input of [list, concat(list)]) {
      const r = convertBatch(conv, input);
      expect(r.blobs).toBe(12);
      expect(r.output).toEqual(concat(one.map((x) => x.output)));
      expect(r.lost).toEqual(one.map((x) => x.lost));
      expect(r.lossyBlobs).toBe(one.filter((x) => x.lost.length > 0).length);
    }
  });

  it('writes into a reused, dirty buffer as into a fresh one', () => {
    const list = blobs(5);
    const into = new Uint8Array(5 * b.size + 3).fill(0xcc);
    const r = convertBatch(conv, list, { into });
    expect(r.output).toEqual(convertBatch(conv, list).output);
    expect(into[5 * b.size]).toBe(0xcc);
    expect(() => convertBatch(conv, list, { into: new Uint8Array(4) })).toThrow(CoreError);
  });

  it('names the blob and its offset in the batch when a header is wrong', () => {
    const list = blobs(4);
    const third = list[2] as Uint8Array;
    third[1] = (third[1] as number) ^ 1;
    for (const input of [list, concat(list)]) {
      const e = caught(() => convertBatch(conv, input));
      expect([e.code, e.details.blob, e.details.offset]).toEqual(['INVALID_BLOB', 2, 2 * a.size]);
    }
  });

  it('refuses a batch that is not a whole number of blobs', () => {
    const e = caught(() => convertBatch(conv, new Uint8Array(a.size * 2 + 3)));
    expect(e.details).toEqual({ offset: 2 * a.size, expected: 3 * a.size, actual: 2 * a.size + 3, blob: 2 });
  });

  it('stops at the first lossy blob in strict mode', () => {
    const e = caught(() => convertBatch(conv, blobs(4), { strict: true }));
    expect([e.code, e.details.blob]).toEqual(['LOSSY_CONVERSION', 1]);
  });
});

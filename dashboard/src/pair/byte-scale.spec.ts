import { makeByteScale, TICK } from './byte-scale';

describe('makeByteScale', () => {
  it('draws used bytes at the zoom and folds the unused tail into a short band', () => {
    const scale = makeByteScale(996, 4096, 2);
    expect(scale.usedEnd).toBe(1024);
    expect(scale.y(0)).toBe(0);
    expect(scale.y(1000)).toBe(2000);
    expect(scale.y(1024)).toBe(2048);
    expect(scale.y(4096)).toBe(scale.height);
    expect(scale.height - scale.y(1024)).toBeLessThan(100);
  });

  it('labels every cache line of the used bytes and the end of the blob', () => {
    const scale = makeByteScale(130, 4096, 1);
    expect(scale.ticks).toEqual([0, TICK, 2 * TICK, 3 * TICK, 4096]);
  });

  it('has no tail when the fields fill the blob', () => {
    const scale = makeByteScale(4096, 4096, 1);
    expect(scale.usedEnd).toBe(4096);
    expect(scale.height).toBe(4096);
    expect(scale.ticks[scale.ticks.length - 1]).toBe(4096);
  });
});

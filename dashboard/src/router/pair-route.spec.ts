import { pairHash, readPairRoute } from './pair-route';

describe('pair route', () => {
  it('round-trips names with dots and other characters', () => {
    const hash = pairHash('linux-v4.17-pinned', 'odd/name #1');
    expect(hash).toBe('#pair/linux-v4.17-pinned/odd%2Fname%20%231');
    expect(readPairRoute(hash)).toEqual({ from: 'linux-v4.17-pinned', to: 'odd/name #1' });
  });

  it.each([[''], ['#'], ['#pair/'], ['#pair/a'], ['#pair/a/'], ['#pair/a/b/c'], ['#pair/%E0%A4%A/b'], ['#other/a/b']])(
    'reads %j as no pair',
    (hash) => {
      expect(readPairRoute(hash)).toBeUndefined();
    },
  );
});

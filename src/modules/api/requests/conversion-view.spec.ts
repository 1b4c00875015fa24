import { conversionView } from './conversion-view';

// The JSON answer of REST's POST /convert and GraphQL's convert, key order included.
describe('conversionView', () => {
  it('answers a conversion in base64 with the facts, and the source auto chose only when it chose one', () => {
    const base = { output: Uint8Array.from([1, 2, 255]), lost: [{ field: 'guest_cr3', reason: 'absent' as const }], planId: 'p', fromFingerprint: 'a', toFingerprint: 'b' };
    expect(conversionView(base)).toEqual({ blob: 'AQL/', lost: base.lost, planId: 'p', fromFingerprint: 'a', toFingerprint: 'b' });
    expect(Object.keys(conversionView({ ...base, auto: { from: 'x', sourceCandidates: ['x', 'y'] } }))).toEqual([
      'blob',
      'lost',
      'planId',
      'fromFingerprint',
      'toFingerprint',
      'from',
      'sourceCandidates',
    ]);
  });
});

import { conversionJson, conversionView } from './conversion-view';

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

  it("writes REST's JSON text exactly as JSON.stringify of the view, for outputs that are views into larger memory", () => {
    const memory = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff);
    for (const [start, end] of [[0, 0], [0, 1], [3, 5], [7, 64], [1, 63]] as const) {
      const lost = start % 2 ? [] : [{ field: 'a"b\\c\u2028', reason: 'absent' as const }];
      const c = { output: memory.subarray(start, end), lost, planId: 'p\n', fromFingerprint: 'a', toFingerprint: 'b' };
      for (const conversion of [c, { ...c, auto: { from: 'x', sourceCandidates: ['x', 'y'] } }]) {
        expect(conversionJson(conversion)).toBe(JSON.stringify(conversionView(conversion)));
        expect(JSON.parse(conversionJson(conversion)).blob).toBe(Buffer.from(memory.subarray(start, end)).toString('base64'));
      }
    }
  });
});

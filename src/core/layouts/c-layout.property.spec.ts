import fc from 'fast-check';
import { gccLayouts, type GccStruct } from '../../../test/fixtures/layouts/gcc-offsets';
import { genStruct, printGenStruct } from '../../../test/fixtures/layouts/random-struct';
import { parseLayoutC } from './c-parser';
import { fingerprint } from './fingerprint';
import type { Layout } from './layout';
import { layoutToC } from './to-c';

// gcc is the authority on offsets (API.md: "offsets exactly as gcc lays the text out on
// x86-64"). Each run compiles one program holding a batch of random structs and their
// layoutToC reprints, so a run costs one cc invocation.

const BATCH = 24;

const offsetsOf = (layout: Layout): [string, number][] => layout.fields.map((f) => [f.name, f.offset]);

describe('C layout against gcc (property)', () => {
  it('places every member where gcc does, and layoutToC reprints to the same fingerprint and offsets', () => {
    fc.assert(
      fc.property(fc.array(genStruct, { minLength: BATCH, maxLength: BATCH }), (structs) => {
        const printed = structs.map(printGenStruct);
        const parsed = printed.map((p) => parseLayoutC(p.text).layout);
        const reprinted = parsed.map((layout) => layoutToC(layout));
        const batch: GccStruct[] = [
          ...printed.map((p, i) => ({ id: `g${i}`, text: p.text, members: p.members })),
          ...reprinted.map((text, i) => ({ id: `r${i}`, text, members: printed[i]?.members ?? [] })),
        ];
        const gcc = gccLayouts(batch);
        parsed.forEach((layout, i) => {
          expect(layout.fields.map((f) => f.name)).toEqual(printed[i]?.members);
          expect(offsetsOf(layout)).toEqual([...(gcc.get(`g${i}`)?.offsets ?? [])]);
          expect(offsetsOf(layout)).toEqual([...(gcc.get(`r${i}`)?.offsets ?? [])]);
          const again = parseLayoutC(reprinted[i] ?? '').layout;
          expect(fingerprint(again)).toBe(fingerprint(layout));
          expect(layoutToC(again)).toBe(reprinted[i]);
        });
      }),
      { numRuns: 8 },
    );
  });
});

import fc from 'fast-check';
import { layOut, writtenVmcs12For } from '../../../test/support/kvm-vmcs12';
import { loadCatalog, type CatalogEntry } from '../catalog/catalog';
import { compilePlan } from '../conversion/compile-plan';
import { convertBlob, type ConvertResult } from '../conversion/convert-blob';
import { buildPlan } from '../conversion/plan';
import { CoreError } from '../errors';
import { convertAuto } from './convert-auto';
import { identifyBlob } from './identify';

const catalog = loadCatalog();
const entry = (name: string): CatalogEntry => catalog.find((e) => e.name === name) as CatalogEntry;
const inputs = catalog.map((e) => ({ name: e.name, layout: e.layout }));
const RESERVED = new Set(['dead_space']);
const TARGETS = ['linux-v4.14', 'linux-tsc-multiplier', 'hyperv-evmcs-v1'].map(entry);

// Plans are compiled once per pair: compiling is the costly step, and what is under test here is
// identification and convertAuto, not the compiler.
const compiled = new Map<string, ReturnType<typeof compilePlan>>();
function convertFrom(from: string, to: CatalogEntry, blob: Uint8Array): ConvertResult {
  const key = `${from}->${to.name}`;
  let plan = compiled.get(key);
  if (plan === undefined) {
    plan = compilePlan(buildPlan(entry(from), to));
    compiled.set(key, plan);
  }
  return convertBlob(plan, blob);
}

function auto(blob: Uint8Array, to: CatalogEntry): ReturnType<typeof convertAuto<ConvertResult>> {
  const id = identifyBlob(blob, inputs, { reserved: RESERVED });
  return convertAuto(id, (from) => convertFrom(from, to, blob), to.layout);
}

const mainline = catalog.filter((e) => e.layout.revision === 0x11e57ed0);

describe('convertAuto', () => {
  it.each(mainline.map((e) => [e.name, e] as const))('%s: equals the conversion from the true layout whenever it answers; every 409 names sources that convert differently', (_name, truth) => {
    const tally = { converted: 0, ambiguous: 0 };
    for (const sample of fc.sample(writtenVmcs12For(truth.layout), { seed: 0xa070, numRuns: 45 })) {
      const blob = layOut(sample, truth.layout);
      for (const to of TARGETS) {
        try {
          const r = auto(blob, to);
          const expected = convertFrom(truth.name, to, blob);
          expect(Buffer.from(r.conversion.output).equals(Buffer.from(expected.output))).toBe(true);
          expect(r.conversion.lost).toEqual(expected.lost);
          expect(r.considered).toContain(r.from);
          tally.converted++;
        } catch (e) {
          if (!(e instanceof CoreError) || e.code === 'UNKNOWN_SOURCE') {
            throw e; // a realistic blob of a registered layout always fits some reading
          }
          expect(e.code).toBe('AMBIGUOUS_SOURCE');
          const named = (e.details.candidates as Array<{ name: string; sameAs: string[] }>).flatMap((c) => [c.name, ...c.sameAs]);
          const outputs = new Set(named.map((n) => JSON.stringify([Buffer.from(convertFrom(n, to, blob).output).toString('hex'), convertFrom(n, to, blob).lost])));
          expect(outputs.size).toBeGreaterThan(1);
          expect((e.details.differences as unknown[]).length + Object.keys(e.details.lost as object).length).toBeGreaterThan(0);
          tally.ambiguous++;
        }
      }
    }
    expect(tally.converted).toBeGreaterThan(0);
    expect(tally.ambiguous).toBeGreaterThan(0);
  });

  it('converts a blob that holds only its revision: every layout gives the same bytes', () => {
    const blob = new Uint8Array(4096);
    new DataView(blob.buffer).setUint32(0, 0x11e57ed0, true);
    const r = auto(blob, entry('linux-v4.14'));
    expect(r.considered.length).toBe(mainline.length);
    expect(r.conversion.lost).toEqual([]);
  });

  it('is a 409 naming the differing destination fields when two readings move a set field differently', () => {
    // One u32 where 3.18 keeps exception_bitmap and 3.1 page_fault_error_code_match: both fit.
    const at = (layout: string, field: string): number => entry(layout).layout.fields.find((f) => f.name === field)?.offset ?? -1;
    expect(at('linux-v3.18', 'exception_bitmap')).toBe(at('linux-v3.1', 'page_fault_error_code_match'));
    const blob = new Uint8Array(4096);
    const v = new DataView(blob.buffer);
    v.setUint32(0, 0x11e57ed0, true);
    v.setUint32(at('linux-v3.18', 'exception_bitmap'), 0x60042, true);
    expect(() => auto(blob, entry('linux-v4.14'))).toThrow(
      expect.objectContaining({
        code: 'AMBIGUOUS_SOURCE',
        details: expect.objectContaining({
          differences: expect.arrayContaining([
            expect.objectContaining({ field: 'exception_bitmap', values: expect.arrayContaining([{ candidate: 'linux-v3.18', value: '0x60042' }]) }),
            expect.objectContaining({ field: 'page_fault_error_code_match' }),
          ]),
        }),
      }),
    );
  });

  it('refuses random bytes as an unknown source (422), not a conversion', () => {
    const blob = fc.sample(fc.uint8Array({ minLength: 4096, maxLength: 4096 }), { seed: 5, numRuns: 1 })[0] as Uint8Array;
    new DataView(blob.buffer).setUint32(0, 0x11e57ed0, true);
    expect(() => auto(blob, entry('linux-v4.14'))).toThrow(expect.objectContaining({ code: 'UNKNOWN_SOURCE' }));
  });
});

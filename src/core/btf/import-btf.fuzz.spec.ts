import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FIXTURES } from '../../../test/support/btf-catalog-fixtures';
import { debianBase, debianModule } from '../../../test/support/debian-kvm-intel';
import { encodingOf } from '../catalog/encodings';
import { CoreError } from '../errors';
import { fingerprint } from '../layouts/fingerprint';
import type { Layout, LayoutField } from '../layouts/layout';
import { ElfFile } from './elf';
import { importBtf, type ImportBtfOptions } from './import-btf';

// Truncated and corrupted modules, raw BTF and bases (the suite-wide fixed seed, fixed counts): the import ends (no hang: every loop is
// bounded by the file) in a CoreError naming the input, or in a layout. A truncated file never
// gives a layout other than the right one; a corrupted one gives the right one unless the
// corruption hit the BTF's own description of the struct, which no reader can tell from a
// real one, and with KVM's offset table present not even then for the fields it maps.

type Outcome = { layout: Layout } | { error: CoreError };

function outcome(module: Uint8Array, base?: Uint8Array, opts?: ImportBtfOptions): Outcome {
  try {
    return { layout: importBtf(module, base, opts).layout };
  } catch (e) {
    if (e instanceof CoreError && e.code === 'INVALID_BTF' && (e.details.input === 'module' || e.details.input === 'base')) {
      return { error: e };
    }
    if (e instanceof CoreError && e.code === 'INVALID_LAYOUT') {
      return { error: e }; // corrupt offsets that make fields overlap or pass the size
    }
    throw e;
  }
}

const mutations = (length: number) =>
  fc.array(fc.record({ at: fc.nat({ max: length - 1 }), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 });

function mutate(bytes: Uint8Array, changes: { at: number; value: number }[]): Buffer {
  const out = Buffer.from(bytes);
  for (const c of changes) {
    out[c.at] = c.value;
  }
  return out;
}

const catalogObject = readFileSync(join(CATALOG_FIXTURES, 'rfc-2017-evmcs-reorder.o')); // unions and views
const split = readFileSync(join(CATALOG_FIXTURES, 'linux-v4.19-hdr.split.btf')); // bitfield header
const catalogBase = readFileSync(join(CATALOG_FIXTURES, 'base.btf'));
const opts = { revision: 0x11e57ed0 };

describe('importBtf on truncated files', () => {
  const cases: [string, Uint8Array, Uint8Array | undefined, 'module' | 'base'][] = [
    ['an ELF object', catalogObject, undefined, 'module'],
    ['split BTF', split, catalogBase, 'module'],
    ['the base of split BTF', split, catalogBase, 'base'],
  ];
  it.each(cases)('%s: every prefix is refused', (_what, module, base, cut) => {
    const whole = cut === 'module' ? module : (base as Uint8Array);
    fc.assert(
      fc.property(fc.nat({ max: whole.length - 1 }), (length) => {
        const prefix = whole.subarray(0, length);
        const result = cut === 'module' ? outcome(prefix, base, opts) : outcome(module, prefix, opts);
        expect(result).toHaveProperty('error');
        expect((result as { error: CoreError }).error.details.input).toBe(cut);
      }),
      { numRuns: 300 },
    );
  });
});

describe('importBtf on corrupted files', () => {
  const right = (module: Uint8Array, base?: Uint8Array) => fingerprint(importBtf(module, base, opts).layout);

  it('an ELF object: corruption outside .BTF never changes the layout', () => {
    const expected = right(catalogObject);
    const btf = new ElfFile(catalogObject, 'module').section('.BTF');
    fc.assert(
      fc.property(mutations(catalogObject.length), (changes) => {
        const result = outcome(mutate(catalogObject, changes), undefined, opts);
        const inBtf = changes.some((c) => btf !== undefined && c.at >= btf.offset && c.at < btf.offset + btf.size);
        if ('layout' in result && !inBtf) {
          expect(fingerprint(result.layout)).toBe(expected);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('split BTF and its base: only CoreErrors naming the input; a corrupted BTF header never yields another layout', () => {
    const expected = right(split, catalogBase);
    fc.assert(
      fc.property(fc.boolean(), fc.oneof(mutations(24), mutations(Math.min(split.length, catalogBase.length))), (inBase, changes) => {
        const result = inBase ? outcome(split, mutate(catalogBase, changes), opts) : outcome(mutate(split, changes), catalogBase, opts);
        if ('layout' in result && changes.every((c) => c.at < 24)) {
          expect(fingerprint(result.layout)).toBe(expected);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("Debian's kvm-intel.ko: with KVM's offset table, a corrupted module never moves, resizes or renames a field KVM maps", () => {
    const module = debianModule();
    const base = debianBase();
    const expected = importBtf(module, base).layout.fields;
    const mapped = (fields: LayoutField[]) => fields.filter((f) => encodingOf(f.name) !== undefined).map(({ name, type, offset }) => ({ name, type, offset }));
    const btf = new ElfFile(module, 'module').section('.BTF') as { offset: number; size: number };
    fc.assert(
      fc.property(
        // most changes aimed at the module's .BTF, where they matter most
        fc.array(fc.record({ at: fc.nat({ max: btf.size - 1 }).map((n) => btf.offset + n), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }),
        (changes) => {
          const result = outcome(mutate(module, changes), base);
          if ('layout' in result) {
            expect(mapped(result.layout.fields)).toEqual(mapped(expected));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { expectGolden } from '../../../test/support/golden';
import { layoutPairArb, prng, randomBlob } from '../../../test/support/layout-factory';
import { catalogEntry, catalogNames, testFingerprint } from '../../../test/support/shared-layouts';
import type { Layout } from '../layouts/layout';
import { compilePlan } from './compile-plan';
import { convertBlob } from './convert-blob';
import { emitConverterC } from './emit-c';
import { emitLayoutHeader } from './emit-layout-header';
import { buildPlan, type PlanSide } from './plan';

// These tests run the machine's `cc`: the emitted C must build with -std=c99 -Wall -Werror and
// give, blob for blob, the bytes and lost count of the TypeScript converter.
const work = mkdtempSync(path.join(tmpdir(), 'vmcs12-emit-c-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HARNESS = `#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int vmcs12_convert(void *dst, const void *src);
int main(int argc, char **argv)
{
	size_t src_size = argc > 2 ? strtoul(argv[1], NULL, 10) : 0, dst_size = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	unsigned char *src = malloc(src_size), *dst = malloc(dst_size);
	if (!src || !dst)
		return 2;
	while (fread(src, 1, src_size, stdin) == src_size) {
		memset(dst, 0xa5, dst_size);
		int32_t r = vmcs12_convert(dst, src);
		fwrite(&r, sizeof r, 1, stdout);
		fwrite(dst, 1, dst_size, stdout);
	}
	return 0;
}
`;
writeFileSync(path.join(work, 'harness.c'), HARNESS);
let builds = 0;

function build(source: string): string {
  const dir = path.join(work, `b${builds++}`);
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(path.join(dir, 'convert.c'), source);
  execFileSync('cc', ['-std=c99', '-Wall', '-Werror', '-O1', '-c', 'convert.c', '-o', 'convert.o'], { cwd: dir });
  execFileSync('cc', ['-std=c99', '-Wall', '-Werror', '../harness.c', 'convert.o', '-o', 'harness'], { cwd: dir });
  return path.join(dir, 'harness');
}

// Converts every blob with both converters and compares bytes and lost counts.
function expectSameAsTypeScript(a: PlanSide, b: PlanSide, blobs: Uint8Array[]): void {
  const plan = buildPlan(a, b);
  const exe = build(emitConverterC(plan, a.layout, b.layout));
  const out = execFileSync(exe, [String(a.layout.size), String(b.layout.size)], { input: Buffer.concat(blobs) });
  const record = 4 + b.layout.size;
  expect(out.length).toBe(blobs.length * record);
  const conv = compilePlan(plan);
  blobs.forEach((blob, i) => {
    const at = i * record;
    const code = out.readInt32LE(at);
    let expected: { code: number; output?: Uint8Array };
    try {
      const r = convertBlob(conv, blob);
      expected = { code: r.lost.length, output: r.output };
    } catch {
      expected = { code: -1 };
    }
    const actual = code < 0 ? { code } : { code, output: new Uint8Array(out.subarray(at + 4, at + record)) };
    expect(actual).toEqual(expected);
  });
}

const side = (layout: Layout): PlanSide => ({ layout, fingerprint: testFingerprint(layout) });

describe('emitConverterC', () => {
  it('matches the TypeScript converter on historical pairs, wrong revisions included', () => {
    const rand = prng(11);
    for (const [from, to] of [
      ['linux-v4.14', 'linux-v4.17-pinned'],
      ['linux-v4.17-pinned', 'linux-v4.4'],
      ['hyperv-evmcs-v1', 'linux-tsc-multiplier'],
    ] as const) {
      const a = catalogEntry(from);
      const blobs = Array.from({ length: 60 }, (_, i) => randomBlob(a.layout, rand, (i % 6) / 5));
      const first = blobs[0] as Uint8Array;
      first[2] = (first[2] as number) ^ 0x10;
      expectSameAsTypeScript(a, catalogEntry(to), blobs);
    }
  });

  it('matches the TypeScript converter on random layout pairs and blobs', () => {
    fc.assert(
      fc.property(layoutPairArb, fc.integer(), ({ a, b }, seed) => {
        const rand = prng(seed);
        expectSameAsTypeScript(side(a), side(b), Array.from({ length: 40 }, (_, i) => randomBlob(a, rand, (i % 5) / 4)));
      }),
      { numRuns: 12 },
    );
  });

  it('refuses a plan built for other layouts', () => {
    const a = catalogEntry('linux-v4.4');
    const b = catalogEntry('linux-v4.17-pinned');
    const hv = catalogEntry('hyperv-evmcs-v1');
    expect(() => emitConverterC(buildPlan(a, b), hv.layout, b.layout)).toThrow('the plan was not built for these layouts');
  });

  it('emits the golden converter for linux-v4.17-pinned → linux-v4.14', () => {
    const a = catalogEntry('linux-v4.17-pinned');
    const b = catalogEntry('linux-v4.14');
    expectGolden('convert-linux-v4.17-pinned-to-linux-v4.14.c', emitConverterC(buildPlan(a, b), a.layout, b.layout));
  });
});

describe('emitLayoutHeader', () => {
  it.each(catalogNames())('%s compiles with -std=c11 -Wall -Werror, every offset asserted', (name) => {
    const { layout } = catalogEntry(name);
    const header = emitLayoutHeader(name, layout);
    const file = path.join(work, `${name}.h`);
    writeFileSync(file, header);
    execFileSync('cc', ['-std=c11', '-Wall', '-Werror', '-fsyntax-only', '-x', 'c', file]);
    expect(header.match(/_Static_assert\(offsetof/g)).toHaveLength(layout.fields.length);
    // A wrong offset must break the build: CHECK_OFFSET in C.
    const lie = header.replace(/== (\d+), "vmcs12 field abort/, (_, n: string) => `== ${Number(n) + 1}, "vmcs12 field abort`);
    expect(lie).not.toBe(header);
    writeFileSync(file, lie);
    expect(() => execFileSync('cc', ['-std=c11', '-Wall', '-Werror', '-fsyntax-only', '-x', 'c', file], { stdio: 'pipe' })).toThrow();
  });
});

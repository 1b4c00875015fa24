import { compilePlan } from '../src/core/conversion/compile-plan';
import { convertBatch } from '../src/core/conversion/convert-batch';
import { convertBlob } from '../src/core/conversion/convert-blob';
import { buildPlan } from '../src/core/conversion/plan';
import { prng, randomBlob } from '../test/support/layout-factory';
import { naiveConvert } from '../test/support/naive-converter';
import { sharedEntry } from '../test/support/shared-layouts';

// Conversions per second of 4 KiB blobs: the compiled converter against a plain Buffer.copy of
// the same 4 KiB and a naive field-by-field converter (DataView per element), same run, same
// blobs. Run: npx tsc -p tsconfig.build.json && node dist/bench/convert.bench.js
const BLOBS = 10_000;
const ROUNDS = 7;

function best(label: string, fn: () => void): number {
  fn(); // warm-up: let the JIT compile the loop before timing it
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((x, y) => x - y);
  const median = times[Math.floor(times.length / 2)] as number;
  const rate = BLOBS / median;
  console.log(`  ${label.padEnd(44)} ${(rate / 1e6).toFixed(3)} M blobs/s  (${((median / BLOBS) * 1e9).toFixed(0)} ns/blob)`);
  return rate;
}

const pairs: Array<[string, string]> = [
  ['linux-v4.4', 'linux-v4.17-pinned'],
  ['linux-v4.14', 'linux-v4.17-pinned'],
  ['linux-v4.17-pinned', 'linux-v4.14'],
  ['hyperv-evmcs-v1', 'linux-tsc-multiplier'],
];

let sink = 0;
for (const [from, to] of pairs) {
  const a = sharedEntry(from);
  const b = sharedEntry(to);
  const plan = buildPlan(a, b);
  const conv = compilePlan(plan);
  const rand = prng(42);
  const list = Array.from({ length: BLOBS }, () => Buffer.from(randomBlob(a.layout, rand, 0.3)));
  const whole = Buffer.concat(list);
  const dst = Buffer.alloc(4096);
  console.log(`${from} -> ${to}: ${plan.copyRuns} copy runs, ${plan.ops.length - 1 - plan.copyRuns} resizes, ${plan.absent.length} absent ranges`);
  const copyFresh = best('Buffer.copy into a new Buffer.alloc(4096)', () => {
    for (const src of list) {
      const out = Buffer.alloc(4096);
      src.copy(out);
      sink += out[7] as number;
    }
  });
  const copyInto = best('Buffer.copy into one preallocated buffer', () => {
    for (const src of list) {
      src.copy(dst);
      sink += dst[7] as number;
    }
  });
  const core = best('convertBlob (new output per blob)', () => {
    for (const src of list) {
      sink += convertBlob(conv, src).output[7] as number;
    }
  });
  const batch = best(`convertBatch (${BLOBS} back to back)`, () => {
    sink += convertBatch(conv, whole).output[7] as number;
  });
  const into = new Uint8Array(whole.length);
  const batchInto = best(`convertBatch into a reused output`, () => {
    sink += convertBatch(conv, whole, { into }).output[7] as number;
  });
  const copyBatch = best(`Buffer.copy of the whole batch (baseline)`, () => {
    sink += whole.copy(into);
  });
  const naive = best('naive field-by-field (DataView per element)', () => {
    for (const src of list) {
      const r = naiveConvert(a.layout, b.layout, src);
      sink += 'output' in r ? (r.output[7] as number) : 0;
    }
  });
  console.log(
    `  ratios: Buffer.copy(new)/convertBlob ${(copyFresh / core).toFixed(2)}x, Buffer.copy(into)/convertBatch ${(copyInto / batch).toFixed(2)}x, ` +
      `Buffer.copy(into)/convertBatch(into) ${(copyInto / batchInto).toFixed(2)}x, whole-batch copy/convertBatch(into) ${(copyBatch / batchInto).toFixed(2)}x, ` +
      `convertBlob/naive ${(core / naive).toFixed(1)}x, convertBatch/naive ${(batch / naive).toFixed(1)}x`,
  );
}
console.log(`(checksum ${sink})`);

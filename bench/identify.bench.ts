import fc from 'fast-check';
import { loadCatalog } from '../src/core/catalog/catalog';
import { compilePlan } from '../src/core/conversion/compile-plan';
import { convertBlob } from '../src/core/conversion/convert-blob';
import { buildPlan } from '../src/core/conversion/plan';
import { identifyBlob } from '../src/core/identify/identify';
import { layOut, vmcs12For } from '../test/support/kvm-vmcs12';

// Identification of one realistic 4 KiB blob against the whole built-in catalog, against a plain
// conversion of the same blob (its true layout to the newest mainline layout), same run, same
// blobs. Run: npx tsc -p tsconfig.build.json && node dist/bench/identify.bench.js
const BLOBS = 2_000;
const ROUNDS = 7;

function median(label: string, fn: () => void): number {
  fn(); // warm-up: let the JIT compile before timing
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6 / BLOBS);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e3 / BLOBS);
  }
  const med = (xs: number[]): number => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
  // CPU time is what the process spent: on a loaded machine wall time also counts waiting.
  console.log(`  ${label.padEnd(52)} ${(med(cpu) * 1000).toFixed(1)} µs CPU/blob (${(med(wall) * 1000).toFixed(1)} µs wall)`);
  return med(cpu);
}

const catalog = loadCatalog();
const inputs = catalog.map((e) => ({ name: e.name, layout: e.layout }));
const reserved = new Set(['dead_space']);
const target = catalog.find((e) => e.name === 'linux-tsc-multiplier');
if (!target) {
  throw new Error('catalog lacks linux-tsc-multiplier');
}
let sink = 0;
for (const name of ['linux-v3.1', 'linux-v4.14', 'linux-tsc-multiplier', 'lkp-apic-timer-virt']) {
  const source = catalog.find((e) => e.name === name);
  if (!source) {
    throw new Error(`catalog lacks ${name}`);
  }
  const blobs = fc.sample(vmcs12For(source.layout), { seed: 7, numRuns: BLOBS }).map((s) => Buffer.from(layOut(s, source.layout)));
  const conv = compilePlan(buildPlan(source, target));
  console.log(`${name} blobs, ${inputs.length} catalog layouts:`);
  const convert = median(`convertBlob ${name} -> ${target.name}`, () => {
    for (const b of blobs) {
      sink += convertBlob(conv, b).output[9] as number;
    }
  });
  const identify = median('identifyBlob against the catalog', () => {
    for (const b of blobs) {
      sink += identifyBlob(b, inputs, { reserved }).candidates.length;
    }
  });
  console.log(`  ratio identify / convert: ${(identify / convert).toFixed(0)}x`);
}
console.log(sink > 0 ? '' : 'sink');

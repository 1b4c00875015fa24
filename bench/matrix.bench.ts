import { compareLayouts } from '../src/core/compat/compare-layouts';
import { CompatMatrix } from '../src/core/compat/matrix';
import { syntheticLayouts } from '../test/support/layout-factory';

// The full compatibility matrix of 200 vmcs12-sized synthetic layouts (150 fields each, a few
// edits apart), built incrementally as registrations would; plus one full report for scale.
// Run: npx tsc -p tsconfig.build.json && node dist/bench/matrix.bench.js
const N = 200;
const layouts = syntheticLayouts(N, 150, 5);

function time(label: string, fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`  ${label.padEnd(52)} ${ms.toFixed(1)} ms`);
  return ms;
}

for (let round = 0; round < 3; round++) {
  console.log(`round ${round + 1}`);
  let matrix = new CompatMatrix();
  time(`add ${N} layouts (${N * N} verdicts) + verdicts()`, () => {
    matrix = new CompatMatrix();
    layouts.forEach((l, i) => matrix.add(`s${i}`, l));
    matrix.verdicts();
  });
  time('add the 201st layout (its row and column)', () => matrix.add('extra', layouts[0] as (typeof layouts)[number]));
  time('new alias set: recompute everything', () => matrix.setAliases(new Map([['f1', 'g1']])));
  time(`1000 full reports (findings included)`, () => {
    for (let i = 0; i < 1000; i++) {
      compareLayouts(layouts[i % N] as (typeof layouts)[number], layouts[(i * 7) % N] as (typeof layouts)[number]);
    }
  });
}

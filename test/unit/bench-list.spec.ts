import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCHES } from '../../bench/run-all';

// `npm run bench` runs the list in bench/run-all.ts: a new bench/*.bench.ts must be on it, and
// every name on it must be a file, or the run stops at a missing script.
describe('npm run bench', () => {
  it('lists every bench/*.bench.ts once', () => {
    const files = readdirSync(join(__dirname, '../../bench'))
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => f.replace(/\.bench\.ts$/, ''));
    expect([...BENCHES].sort()).toEqual(files.sort());
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// `npm run bench [-- name...]`: the benchmarks of BENCHMARKS.md one after another, each in its
// own Node process (a fresh heap and JIT, as when run alone), in that file's order; names pick a
// subset (`npm run bench -- convert identify`). Stops at the first that fails. Needs
// `npm run build`; event-store and load use the Postgres at DATABASE_URL (default: the local one).
export const BENCHES = ['parse-header', 'convert', 'identify', 'matrix', 'lineage-gate', 'event-store', 'load', 'btf-import'] as const;

function main(): void {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !(BENCHES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    console.error(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.join(', ')}`);
    process.exit(2);
  }
  for (const name of names.length > 0 ? names : BENCHES) {
    console.log(`\n## ${name}`);
    const run = spawnSync(process.execPath, [join(__dirname, `${name}.bench.js`)], { stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`bench ${name} failed (${run.signal ?? `exit ${run.status}`})`);
      process.exit(1);
    }
  }
}

if (require.main === module) {
  main();
}

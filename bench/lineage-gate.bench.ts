import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogSource } from '../src/cli/layouts/catalog-source';
import type { RegistryState } from '../src/core/projections/registry-state';
import { parseLayoutC } from '../src/core/layouts/c-parser';
import { fingerprint } from '../src/core/layouts/fingerprint';
import { judgeRegistration } from '../src/core/policy/judge-registration';

// The registration gate on the catalog's history: Debian's 6.12 vmcs12.h with a u64 put into
// padding64, judged against the head of mainline (in-place: 1 reference + the other lineages'
// heads for warnings) and, as the baseline, against every layout with its revision id
// (in-place-all, the 0.1 gate). Fixed run counts; the ratio is what to compare across machines.
// Run: npx tsc -p tsconfig.build.json && node dist/bench/lineage-gate.bench.js
const RUNS = 200;
const ROOT = ['..', '../..'].map((up) => join(__dirname, up)).find((dir) => {
  try {
    readFileSync(join(dir, 'package.json'));
    return true;
  } catch {
    return false;
  }
}) as string;

async function main(): Promise<void> {
  const header = readFileSync(join(ROOT, 'test/fixtures/kernels/debian/linux-source-6.12_6.12.117-1~deb12u1/vmcs12.h'), 'utf8');
  const layout = parseLayoutC(header.replace('\tu64 padding64[1]; /* room for future expansion */\n', '\tu64 guest_new_ctl;\n')).layout;
  const candidate = { name: 'bench', lineage: 'mainline', branchesFrom: null, layout, fingerprint: fingerprint(layout) };
  const state = await new CatalogSource().registryState();
  const judged = (sameRevision: 'in-place' | 'in-place-all'): RegistryState => ({ ...state, policy: { mode: 'none', transitive: false, sameRevision } });
  for (let round = 1; round <= 3; round++) {
    const ms: Record<string, number> = {};
    for (const rule of ['in-place-all', 'in-place'] as const) {
      const s = judged(rule);
      let j = judgeRegistration(candidate, s);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < RUNS; i++) {
        j = judgeRegistration(candidate, s);
      }
      ms[rule] = Number(process.hrtime.bigint() - t0) / 1e6 / RUNS;
      const findings = j.findings.reduce((n, g) => n + g.findings.length, 0);
      console.log(`round ${round} ${rule.padEnd(13)} ${ms[rule]?.toFixed(2)} ms/judgement, accepted ${String(j.accepted)}, ${findings} findings, ${j.warnings.length} warnings`);
    }
    console.log(`round ${round} in-place / in-place-all: ${((ms['in-place'] ?? 0) / (ms['in-place-all'] ?? 1)).toFixed(2)}`);
  }
}

void main();

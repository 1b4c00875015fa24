import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianBase, debianManifest, debianModule } from '../test/support/debian-kvm-intel';
import { parseBtf } from '../src/core/btf/btf';
import { importBtf } from '../src/core/btf/import-btf';
import { loadCatalog } from '../src/core/catalog/catalog';
import { layoutToC } from '../src/core/layouts/to-c';
import { parseLayoutC } from '../src/core/layouts/c-parser';

// struct vmcs12 from a real distro module: Debian's kvm-intel.ko over the 3.9 MiB BTF of its
// kernel (test/fixtures/btf/debian), in process and as a whole CLI process.
//   npm run build && node dist/bench/btf-import.bench.js
// Env: BENCH_ITERATIONS (timed imports, default 30), BENCH_PROCESSES (CLI runs, default 7).

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 7);
const CLI = join(__dirname, '..', 'src', 'cli', 'main.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function inProcess(label: string, run: () => unknown): number {
  for (let i = 0; i < 5; i++) {
    run();
  }
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const ms = median(times);
  console.log(`${label.padEnd(52)} ${ms.toFixed(2).padStart(8)} ms (median of ${ITERATIONS})`);
  return ms;
}

function wholeProcess(label: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: 'pipe' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const ms = median(times);
  console.log(`${label.padEnd(52)} ${ms.toFixed(0).padStart(8)} ms (median of ${PROCESSES} processes)`);
  return ms;
}

function main(): void {
  const module = debianModule();
  const base = debianBase();
  const manifest = debianManifest();
  const newest = loadCatalog().find((e) => e.name === 'linux-tsc-multiplier');
  if (!newest) {
    throw new Error('no linux-tsc-multiplier in the catalog');
  }
  const header = layoutToC(newest.layout, { standalone: true });
  console.log(`${manifest.package} ${manifest.version}: module ${module.length} bytes, base BTF ${base.length} bytes; node ${process.version}`);

  const hash = inProcess('baseline: sha256 over the base (every byte once)', () => createHash('sha256').update(base).digest());
  const c = inProcess('parseLayoutC of the same struct as C text', () => parseLayoutC(header));
  const parse = inProcess('parseBtf(base): walk and check every vmlinux type', () => parseBtf(base, 'base'));
  const full = inProcess('importBtf(module, base): layout + offset table', () => importBtf(module, base));
  console.log(`importBtf / sha256 baseline = ${(full / hash).toFixed(2)}x; parsing the base is ${((parse / full) * 100).toFixed(0)}% of it; C text: ${c.toFixed(2)} ms`);

  const dir = mkdtempSync(join(tmpdir(), 'btf-bench-'));
  try {
    writeFileSync(join(dir, 'kvm-intel.ko'), module);
    writeFileSync(join(dir, 'vmlinux.btf'), base);
    const node = wholeProcess('baseline: node -e 0', ['-e', '0']);
    const catalog = wholeProcess('CLI show linux-tsc-multiplier (from the catalog)', [CLI, 'show', 'linux-tsc-multiplier', '--format', 'json']);
    const btf = wholeProcess('CLI show kvm-intel.ko --btf-base vmlinux.btf', [CLI, 'show', join(dir, 'kvm-intel.ko'), '--btf-base', join(dir, 'vmlinux.btf'), '--format', 'json']);
    console.log(`CLI on the module / CLI on the catalog = ${(btf / catalog).toFixed(2)}x; / bare node = ${(btf / node).toFixed(2)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();

import autocannon from 'autocannon';
import type { Result } from 'autocannon';
import { startLoadServer } from './load-server';

// HTTP throughput of the whole service over loopback, the endpoints taking turns in one run:
// GET /health/live (the baseline: routing, hooks, logging and nothing else), POST /convert with
// 4 KiB blobs, and a GraphQL compatibility query. Goals on 2 cores at 64 connections:
// conversions at >= 60% of the baseline rate, p99 < 20 ms, no errors.
//   npx tsc -p tsconfig.build.json && node dist/bench/load.bench.js [--quick] [--url URL]
//     [--connections 64] [--duration 5] [--rounds 3] [--log-level info]
// Each round runs every endpoint for --duration seconds; figures are medians over rounds, and
// the ratio is the median of each round's convert/health, so that a neighbour's load on a
// shared machine weighs on both sides of it alike.
// --quick: one round of 3 s; exits 1 unless every request succeeded and each endpoint did at
// least QUICK_MIN_RPS (a sanity bound for CI, not a performance goal).
const QUICK_MIN_RPS = 200;
const GOAL_RATIO = 0.6;
const GOAL_P99_MS = 20;
const REVISION_V4_14 = 0x11e57ed0;

interface Args {
  quick: boolean;
  url?: string;
  connections: number;
  duration: number;
  rounds: number;
  logLevel: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, connections: 64, duration: 5, rounds: 3, logLevel: 'info' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) {
        throw new Error(`${flag} needs a value`);
      }
      return v;
    };
    if (flag === '--quick') {
      args.quick = true;
      args.duration = 3;
      args.rounds = 1;
    } else if (flag === '--rounds') {
      args.rounds = Number(value());
    } else if (flag === '--url') {
      args.url = value().replace(/\/$/, '');
    } else if (flag === '--connections') {
      args.connections = Number(value());
    } else if (flag === '--duration') {
      args.duration = Number(value());
    } else if (flag === '--log-level') {
      args.logLevel = value();
    } else {
      throw new Error(`unknown flag ${flag}`);
    }
  }
  return args;
}

interface Endpoint {
  name: string;
  path: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
}

function blob(): Buffer {
  const b = Buffer.alloc(4096);
  for (let i = 4; i < b.length; i += 8) {
    b.writeUInt32LE((i * 2654435761) >>> 0, i);
  }
  b.writeUInt32LE(REVISION_V4_14, 0);
  return b;
}

const COMPAT_QUERY = JSON.stringify({
  query: '{ compatibility(from: "linux-v4.14", to: "linux-v4.17-pinned") { verdict inPlace revisionConflict lost { name offset } } }',
});

const ENDPOINTS: Endpoint[] = [
  { name: 'GET /health/live', path: '/health/live', method: 'GET' },
  {
    name: 'POST /convert (4 KiB)',
    path: '/convert/linux-v4.14/linux-v4.17-pinned',
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: blob(),
  },
  { name: 'POST /graphql compatibility', path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' }, body: COMPAT_QUERY },
];

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function options(base: string, e: Endpoint, args: Args): Parameters<typeof autocannon>[0] {
  return { url: base + e.path, method: e.method, headers: e.headers, body: e.body, connections: args.connections, timeout: 10 };
}

async function measure(base: string, e: Endpoint, args: Args): Promise<Row> {
  const r: Result = await autocannon({ ...options(base, e, args), duration: args.duration });
  return { name: e.name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

// Medians over rounds per endpoint, and the median of the rounds' convert/health ratios.
function summarise(rounds: Row[][]): { rows: Row[]; ratio: number } {
  const names = rounds[0]?.map((r) => r.name) ?? [];
  const rows = names.map((name, i) => {
    const runs = rounds.map((round) => round[i] as Row);
    return { name, rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), errors: runs.reduce((n, r) => n + r.errors, 0) };
  });
  const ratio = median(rounds.map((round) => (round[1]?.rps ?? 0) / (round[0]?.rps ?? 1)));
  return { rows, ratio };
}

async function probe(base: string, e: Endpoint): Promise<number> {
  const res = await fetch(base + e.path, { method: e.method, headers: e.headers, body: e.body });
  await res.arrayBuffer();
  return res.status;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const server = args.url ? undefined : await startLoadServer(args.logLevel);
  const base = args.url ?? server?.url ?? '';
  const rounds: Row[][] = [];
  try {
    console.log(
      `load bench: ${base}, ${args.connections} connections, ${args.rounds} x ${args.duration} s per endpoint${args.url ? '' : `, LOG_LEVEL=${args.logLevel}`}`,
    );
    const endpoints: Endpoint[] = [];
    for (const e of ENDPOINTS) {
      const status = await probe(base, e);
      if (status === 404 && e.path === '/graphql') {
        console.log(`  ${e.name}: skipped, POST /graphql answers 404 in this build`);
        continue;
      }
      if (status < 200 || status >= 300) {
        throw new Error(`${e.name} answers ${status} before the run; nothing to measure`);
      }
      await autocannon({ ...options(base, e, args), duration: 1 }); // warm-up: JIT, plan cache, pools
      endpoints.push(e);
    }
    for (let round = 0; round < args.rounds; round++) {
      const rows: Row[] = [];
      for (const e of endpoints) {
        rows.push(await measure(base, e, args));
      }
      rounds.push(rows);
    }
  } finally {
    await server?.stop();
  }
  report(rounds, args);
}

function report(rounds: Row[][], args: Args): void {
  const { rows, ratio } = summarise(rounds);
  console.log(`  ${'endpoint'.padEnd(30)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)}`);
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(30)} ${r.rps.toFixed(0).padStart(9)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${String(r.errors).padStart(7)}`);
  }
  const convert = rows[1];
  console.log(`  convert / health: ${(ratio * 100).toFixed(0)}% (goal >= ${GOAL_RATIO * 100}%); convert p99 ${convert?.p99.toFixed(1)} ms (goal < ${GOAL_P99_MS} ms)`);
  console.log(JSON.stringify({ connections: args.connections, duration: args.duration, rounds: args.rounds, rows, ratio: Number(ratio.toFixed(3)) }));
  const failures: string[] = [];
  for (const r of rows) {
    if (r.errors > 0) {
      failures.push(`${r.name}: ${r.errors} errors`);
    }
    if (args.quick && r.rps < QUICK_MIN_RPS) {
      failures.push(`${r.name}: ${r.rps.toFixed(0)} req/s is below the sanity bound of ${QUICK_MIN_RPS}`);
    }
  }
  if (!args.quick) {
    const goals = [ratio >= GOAL_RATIO, (convert?.p99 ?? Infinity) < GOAL_P99_MS];
    console.log(`  goals: ${goals.every(Boolean) ? 'met' : 'MISSED'}`);
  }
  if (failures.length > 0) {
    console.error(`load bench failed:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

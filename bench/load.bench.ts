import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Result } from 'autocannon';
import { startEchoServer, startLoadServer, startReferenceServer } from './load-server';
import type { LoadServer } from './load-server';
import { ENDPOINTS, STACK_ENDPOINTS } from './load-endpoints';
import type { Endpoint } from './load-endpoints';
import { Rounds, cpuMicros } from './load-stats';
import type { Run } from './load-stats';

// What the service's request path costs against the bytes it moves (issue 18), in one run over
// loopback: a bare Node `http` server that reads a 4 KiB body and answers a fresh 4 KiB copy (the
// floor), then POST /convert with the raw blob, POST /convert with base64 JSON, a GraphQL
// compatibility query and GET /health/live. The endpoints take turns within each round (the
// order rotates from round to round), and every figure is the median over rounds of that
// round's ratio to the floor (GraphQL: to /health/live), so a neighbour's load weighs on both
// sides of a ratio alike.
//   npx tsc -p tsconfig.build.json && node dist/bench/load.bench.js [--quick] [--url URL]
//     [--connections 64] [--duration 5] [--rounds 5] [--log-level info] [--only convert-raw,...]
//     [--profile DIR] [--env NAME=VALUE]... [--against DIST] [--stack]
// Goals (issue 18, on a quiet machine): convert >= 0.7x the floor's rate with p99 <= 2x the
// floor's p99; GraphQL compatibility >= 0.6x /health/live.
// --quick: one round of 2 s per endpoint; exits 1 unless every request succeeded and each
// endpoint did at least QUICK_MIN_RPS (a sanity bound for CI, never a timing assertion).
// --profile DIR: the service runs with --cpu-prof and writes its profile into DIR on exit, and
// windows.json says when each endpoint was measured (bench/profile-shares.ts reads both).
// --against DIST: a second service from another build (e.g. main's, compiled into DIST) takes
// its turns in the same rounds, each of its endpoints as a row `base ...` with ratios to the
// same floor: a before/after on a busy machine without two runs' noise between them.
// --stack: three more rows, the convert request to a bare Fastify route and to a bare Nest
// controller that copy the body and set the same headers, and the GraphQL request to bare
// Fastify with mercurius (bench/stack-*-server.ts): how much of the floor the stack leaves to
// the service on this machine, in the same rounds.
const QUICK_MIN_RPS = 200;
const GOALS = { convertRate: 0.7, convertP99: 2, graphqlRate: 0.6 };

interface Args {
  quick: boolean;
  url?: string;
  connections: number;
  duration: number;
  rounds: number;
  logLevel: string;
  only?: string[];
  profile?: string;
  env: Record<string, string>;
  against?: string;
  stack: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, connections: 64, duration: 5, rounds: 5, logLevel: 'info', env: {}, stack: false };
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
      Object.assign(args, { quick: true, duration: 2, rounds: 1 });
    } else if (flag === '--rounds' || flag === '--connections' || flag === '--duration') {
      args[flag.slice(2) as 'rounds' | 'connections' | 'duration'] = Number(value());
    } else if (flag === '--url') {
      args.url = value().replace(/\/$/, '');
    } else if (flag === '--log-level') {
      args.logLevel = value();
    } else if (flag === '--only') {
      args.only = value().split(',');
    } else if (flag === '--profile') {
      args.profile = value();
    } else if (flag === '--against') {
      args.against = value();
    } else if (flag === '--stack') {
      args.stack = true;
    } else if (flag === '--env') {
      const [name, ...rest] = value().split('=');
      args.env[name as string] = rest.join('=');
    } else {
      throw new Error(`unknown flag ${flag}`);
    }
  }
  return args;
}

type Servers = Record<Endpoint['server'], { url: string; pid?: number }>;

function options(servers: Servers, e: Endpoint, args: Args): Parameters<typeof autocannon>[0] {
  return { url: servers[e.server].url + e.path, method: e.method, headers: e.headers, body: e.body, connections: args.connections, timeout: 10 };
}

// When each endpoint was under load, on the clock of a .cpuprofile (bench/profile-shares.ts).
const windows: Record<string, Array<[number, number]>> = {};

function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

async function measure(servers: Servers, e: Endpoint, args: Args): Promise<Run> {
  const pid = servers[e.server].pid;
  const cpuBefore = cpuMicros(pid);
  const from = monotonicMicros();
  const r: Result = await autocannon({ ...options(servers, e, args), duration: args.duration });
  (windows[e.key] ??= []).push([from, monotonicMicros()]);
  const cpuAfter = cpuMicros(pid);
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined && r.requests.total > 0 ? (cpuAfter - cpuBefore) / r.requests.total : undefined;
  return { key: e.key, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, cpuUsPerReq: cpu };
}

async function probe(servers: Servers, e: Endpoint): Promise<number> {
  const res = await fetch(servers[e.server].url + e.path, { method: e.method, headers: e.headers, body: e.body });
  await res.arrayBuffer();
  return res.status;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const nodeArgs = args.profile ? ['--cpu-prof', '--cpu-prof-interval', '250', '--cpu-prof-dir', args.profile] : [];
  const started: LoadServer[] = [];
  const rounds = new Rounds();
  try {
    const echo = await startEchoServer();
    started.push(echo);
    const service = args.url ? { url: args.url } : await startLoadServer({ logLevel: args.logLevel, nodeArgs, env: args.env });
    if (!args.url) {
      started.push(service as LoadServer);
    }
    const against = args.against ? await startLoadServer({ logLevel: args.logLevel, env: args.env, dist: args.against }) : undefined;
    if (against) {
      started.push(against);
    }
    const fastify = args.stack ? await startReferenceServer('stack-fastify-server.js') : echo;
    const nest = args.stack ? await startReferenceServer('stack-nest-server.js') : echo;
    const mercurius = args.stack ? await startReferenceServer('stack-mercurius-server.js') : echo;
    if (args.stack) {
      started.push(fastify, nest, mercurius);
    }
    const servers: Servers = { echo, service, against: against ?? service, fastify, nest, mercurius };
    console.log(
      `load bench: ${service.url}, ${args.connections} connections, ${args.rounds} rounds x ${args.duration} s per endpoint${args.url ? '' : `, LOG_LEVEL=${args.logLevel}`}`,
    );
    const endpoints = selected(args);
    for (const e of endpoints) {
      const status = await probe(servers, e);
      if (status < 200 || status >= 300) {
        throw new Error(`${e.name} answers ${status} before the run; nothing to measure`);
      }
      await autocannon({ ...options(servers, e, args), duration: args.quick ? 1 : 2 }); // warm-up: JIT, plan cache, pools
    }
    for (let round = 0; round < args.rounds; round++) {
      const order = endpoints.map((_, i) => endpoints[(i + round) % endpoints.length] as Endpoint);
      const runs: Run[] = [];
      for (const e of order) {
        runs.push(await measure(servers, e, args));
      }
      rounds.add(runs);
    }
  } finally {
    for (const s of started.reverse()) {
      await s.stop();
    }
  }
  if (args.profile) {
    writeFileSync(join(args.profile, 'windows.json'), JSON.stringify(windows));
    console.log(`profile in ${args.profile}: node dist/bench/profile-shares.js ${args.profile}/CPU.*.cpuprofile --window convert-raw`);
  }
  report(rounds, args);
}

// The endpoints measured: the floor, those --only names, and with --against each service
// endpoint once more on the other build.
function selected(args: Args): Endpoint[] {
  const mine = ENDPOINTS.filter((e) => !args.only || e.key === 'echo' || args.only.includes(e.key));
  const theirs = args.against ? mine.filter((e) => e.server === 'service').map((e) => ({ ...e, key: `base-${e.key}`, name: `base ${e.name}`, server: 'against' as const })) : [];
  return [...mine, ...theirs, ...(args.stack ? STACK_ENDPOINTS : [])];
}

function fixed(x: number, digits: number, width: number): string {
  return (Number.isFinite(x) ? x.toFixed(digits) : '-').padStart(width);
}

function report(rounds: Rounds, args: Args): void {
  const endpoints = selected(args).filter((e) => rounds.all(e.key).length > 0);
  console.log(
    `  ${'endpoint'.padEnd(30)} ${'req/s'.padStart(8)} ${'x floor'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'p99 x'.padStart(6)} ${'cpu us/req'.padStart(10)} ${'errors'.padStart(6)}`,
  );
  const rows = endpoints.map((e) => {
    const row = {
      key: e.key,
      rps: rounds.median(e.key, (r) => r.rps),
      rateVsFloor: rounds.ratio(e.key, 'echo', (r) => r.rps),
      p50: rounds.median(e.key, (r) => r.p50),
      p99: rounds.median(e.key, (r) => r.p99),
      p99VsFloor: rounds.ratio(e.key, 'echo', (r) => r.p99),
      cpuUsPerReq: rounds.median(e.key, (r) => r.cpuUsPerReq),
      errors: rounds.errors(e.key),
    };
    console.log(
      `  ${e.name.padEnd(30)} ${fixed(row.rps, 0, 8)} ${fixed(row.rateVsFloor, 2, 8)} ${fixed(row.p50, 1, 7)} ${fixed(row.p99, 1, 7)} ${fixed(row.p99VsFloor, 2, 6)} ${fixed(row.cpuUsPerReq, 0, 10)} ${String(row.errors).padStart(6)}`,
    );
    return row;
  });
  const graphqlVsHealth = rounds.ratio('graphql', 'health', (r) => r.rps);
  const convert = rows.find((r) => r.key === 'convert-raw');
  console.log(
    `  convert raw: ${fixed(convert?.rateVsFloor ?? NaN, 2, 0)}x the floor's rate (goal >= ${GOALS.convertRate}), p99 ${fixed(convert?.p99VsFloor ?? NaN, 2, 0)}x the floor's (goal <= ${GOALS.convertP99}); graphql: ${fixed(graphqlVsHealth, 2, 0)}x /health/live (goal >= ${GOALS.graphqlRate})`,
  );
  if (args.stack) {
    const stack = (key: string): string => fixed(rows.find((r) => r.key === key)?.rateVsFloor ?? NaN, 2, 0);
    console.log(`  stack: a bare Fastify route reaches ${stack('fastify')}x the floor's rate, a bare Nest route ${stack('nest')}x`);
    console.log(
      `  stack: bare mercurius answers the GraphQL query at ${stack('mercurius')}x the floor's rate; the service's GraphQL reaches ${fixed(rounds.ratio('graphql', 'mercurius', (r) => r.rps), 2, 0)}x of it`,
    );
  }
  if (args.against) {
    const base = rows.find((r) => r.key === 'base-convert-raw');
    console.log(
      `  base (${args.against}): convert raw ${fixed(base?.rateVsFloor ?? NaN, 2, 0)}x the floor's rate, p99 ${fixed(base?.p99VsFloor ?? NaN, 2, 0)}x; graphql ${fixed(rounds.ratio('base-graphql', 'base-health', (r) => r.rps), 2, 0)}x its /health/live`,
    );
  }
  console.log(JSON.stringify({ connections: args.connections, duration: args.duration, rounds: rounds.count, logLevel: args.logLevel, env: args.env, rows, graphqlVsHealth }));
  const failures: string[] = [];
  for (const r of rows) {
    if (r.errors > 0) {
      failures.push(`${r.key}: ${r.errors} errors`);
    }
    if (args.quick && r.rps < QUICK_MIN_RPS) {
      failures.push(`${r.key}: ${r.rps.toFixed(0)} req/s is below the sanity bound of ${QUICK_MIN_RPS}`);
    }
  }
  if (!args.quick && convert) {
    const met = convert.rateVsFloor >= GOALS.convertRate && convert.p99VsFloor <= GOALS.convertP99 && !(graphqlVsHealth < GOALS.graphqlRate);
    console.log(`  goals: ${met ? 'met' : 'MISSED'}`);
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

import autocannon from 'autocannon';
import { ENDPOINTS } from './load-endpoints';
import type { Endpoint } from './load-endpoints';
import { startLoadServer } from './load-server';
import type { LoadServer } from './load-server';
import { Rounds, cpuMicros } from './load-stats';

// A before/after of the service's CPU per request, for changes too small for the load bench's
// rate ratios to resolve on a shared machine (their rounds move by 10-30%). Both builds run at
// once; each endpoint is sent to one, then the other (the order alternating by round), at the
// same fixed rate below saturation, and the figure is the server process's user+system CPU
// divided by the requests answered. A fixed rate keeps both servers in the same batching regime,
// which a saturating client does not (a faster server also batches more per event-loop turn).
// Printed: the medians of each build's figures, their ratio, and the median of the rounds' own
// ratios (as in the load bench); an unchanged endpoint shows how far apart the two stay by chance.
//   npx tsc -p tsconfig.build.json && node dist/bench/cpu-per-request.js --against DIST
//     [--rate 5000] [--rounds 16] [--duration 3] [--only graphql,health]
// (DIST: another build's dist/, e.g. main's in a worktree: BENCHMARKS.md, "Eighth look".)
interface Args {
  against: string;
  rate: number;
  rounds: number;
  duration: number;
  only: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { against: '', rate: 5000, rounds: 16, duration: 3, only: ['graphql', 'health'] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--against') {
      args.against = value;
    } else if (flag === '--rate' || flag === '--rounds' || flag === '--duration') {
      args[flag.slice(2) as 'rate' | 'rounds' | 'duration'] = Number(value);
    } else if (flag === '--only') {
      args.only = value.split(',');
    } else {
      throw new Error(`unknown flag ${flag}`);
    }
  }
  if (!args.against) {
    throw new Error('--against DIST is required: the build to compare this one with');
  }
  return args;
}

async function cpuPerRequest(server: LoadServer, e: Endpoint, rate: number, seconds: number): Promise<number> {
  const before = cpuMicros(server.pid) as number;
  const result = await autocannon({ url: server.url + e.path, method: e.method, headers: e.headers, body: e.body, connections: 32, overallRate: rate, duration: seconds });
  const after = cpuMicros(server.pid) as number;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${e.key}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return (after - before) / result.requests.total;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const endpoints = args.only.map((key) => {
    const e = ENDPOINTS.find((x) => x.key === key && x.server === 'service');
    if (!e) {
      throw new Error(`no service endpoint ${key}`);
    }
    return e;
  });
  const servers = { this: await startLoadServer({ logLevel: 'info' }), base: await startLoadServer({ logLevel: 'info', dist: args.against }) };
  const rounds = new Rounds();
  try {
    for (const e of endpoints) {
      await cpuPerRequest(servers.this, e, args.rate, 2); // warm-up: JIT, caches
      await cpuPerRequest(servers.base, e, args.rate, 2);
    }
    for (let round = 0; round < args.rounds; round++) {
      const order = round % 2 === 0 ? (['this', 'base'] as const) : (['base', 'this'] as const);
      const runs = [];
      for (const e of endpoints) {
        for (const which of order) {
          const us = await cpuPerRequest(servers[which], e, args.rate, args.duration);
          runs.push({ key: `${which}-${e.key}`, rps: args.rate, p50: 0, p99: 0, errors: 0, cpuUsPerReq: us });
        }
      }
      rounds.add(runs);
    }
  } finally {
    await servers.this.stop();
    await servers.base.stop();
  }
  console.log(`CPU per request at ${args.rate} req/s, ${args.rounds} rounds x ${args.duration} s; base: ${args.against}`);
  console.log('  endpoint                        this us   base us   ratio of medians   median of ratios');
  for (const e of endpoints) {
    const us = (which: string) => rounds.median(`${which}-${e.key}`, (r) => r.cpuUsPerReq);
    const ratio = rounds.ratio(`this-${e.key}`, `base-${e.key}`, (r) => r.cpuUsPerReq);
    console.log(`  ${e.name.padEnd(30)} ${us('this').toFixed(1).padStart(8)} ${us('base').toFixed(1).padStart(9)} ${(us('this') / us('base')).toFixed(3).padStart(18)} ${ratio.toFixed(3).padStart(18)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

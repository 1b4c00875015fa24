import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENDPOINTS } from './load-endpoints';
import type { Endpoint } from './load-endpoints';
import { startEchoServer, startLoadServer } from './load-server';
import type { LoadServer } from './load-server';

// Instructions per request, server side, for the load bench's endpoints and its floor: both
// servers run under valgrind's callgrind; after a warm-up, the counters are zeroed, a fixed
// number of requests is sent, and the counts are dumped. Instruction counts do not depend on
// what else the machine is doing, so this compares request paths where a busy machine makes
// req/s meaningless (they leave out the client, and the kernel's share of the work).
//   npx tsc -p tsconfig.build.json && node dist/bench/instructions.bench.js [--requests 3000]
//     [--warmup 3000] [--only convert-raw,...] [--env NAME=VALUE]...
// Needs valgrind (callgrind_control). The service takes a minute or more to start under it.
interface Args {
  requests: number;
  warmup: number;
  only?: string[];
  env: Record<string, string>;
  logLevel: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { requests: 3000, warmup: 3000, env: {}, logLevel: 'info' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value = ''] = [argv[i], argv[i + 1]];
    if (flag === '--requests' || flag === '--warmup') {
      args[flag.slice(2) as 'requests' | 'warmup'] = Number(value);
    } else if (flag === '--only') {
      args.only = value.split(',');
    } else if (flag === '--log-level') {
      args.logLevel = value;
    } else if (flag === '--env') {
      const [name, ...rest] = value.split('=');
      args.env[name as string] = rest.join('=');
    } else {
      throw new Error(`unknown flag ${flag}`);
    }
  }
  return args;
}

const CONCURRENCY = 4;

// `count` requests over CONCURRENCY keep-alive connections; every answer must be 2xx.
async function send(base: string, e: Endpoint, count: number): Promise<void> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const body = e.body === undefined ? undefined : Buffer.from(e.body);
  const one = (): Promise<void> =>
    new Promise((done, fail) => {
      const headers = { ...e.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
      const req = request({ host: url.hostname, port: url.port, method: e.method, path: e.path, agent, headers }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode !== undefined && res.statusCode < 300 ? done() : fail(new Error(`${e.key}: ${res.statusCode}`))));
      });
      req.on('error', fail);
      req.end(body);
    });
  let left = count;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left--;
      await one();
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    agent.destroy();
  }
}

function callgrind(pid: number, command: '--zero' | '--dump'): void {
  execFileSync('callgrind_control', [command, String(pid)], { stdio: 'ignore' });
}

// The `totals:` line of the newest dump of `pid` in `dir` (callgrind writes <file>.<n>).
function lastTotal(dir: string, pid: number): number {
  const dumps = readdirSync(dir)
    .filter((f) => f.startsWith(`callgrind.${pid}.`))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()));
  const text = readFileSync(join(dir, dumps.at(-1) as string), 'utf8');
  const total = /^totals: (\d+)/m.exec(text);
  if (!total) {
    throw new Error(`no totals in ${dumps.at(-1)}`);
  }
  return Number(total[1]);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

async function measure(dir: string, server: LoadServer, e: Endpoint, args: Args): Promise<number> {
  const pid = server.pid as number;
  await send(server.url, e, args.warmup);
  callgrind(pid, '--zero');
  await send(server.url, e, args.requests);
  const before = readdirSync(dir).length;
  callgrind(pid, '--dump');
  // The dump is written by the guest between two of its basic blocks: wait for the file.
  for (let i = 0; i < 600 && readdirSync(dir).length === before; i++) {
    await sleep(100);
  }
  await sleep(500);
  return lastTotal(dir, pid) / args.requests;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'vmcs12-callgrind-'));
  const wrapper = ['valgrind', '--tool=callgrind', `--callgrind-out-file=${dir}/callgrind.%p`, `--log-file=${dir}/valgrind.%p.log`];
  const started: LoadServer[] = [];
  const perRequest = new Map<string, number>();
  try {
    const echo = await startEchoServer(wrapper);
    started.push(echo);
    const service = await startLoadServer({ logLevel: args.logLevel, env: args.env, wrapper, readyWithinMs: 900_000 });
    started.push(service);
    console.log(`instructions per request (callgrind), ${args.warmup} warm-up then ${args.requests} measured, ${CONCURRENCY} connections, LOG_LEVEL=${args.logLevel}`);
    for (const e of ENDPOINTS.filter((x) => !args.only || x.key === 'echo' || args.only.includes(x.key))) {
      const ir = await measure(dir, e.server === 'echo' ? echo : service, e, args);
      perRequest.set(e.key, ir);
      const floor = perRequest.get('echo') as number;
      console.log(`  ${e.name.padEnd(30)} ${Math.round(ir).toLocaleString('en').padStart(12)} Ir  ${(ir / floor).toFixed(2).padStart(6)}x floor`);
    }
  } finally {
    for (const s of started.reverse()) {
      await s.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const health = perRequest.get('health');
  const graphql = perRequest.get('graphql');
  if (health && graphql) {
    console.log(`  graphql / health: ${(graphql / health).toFixed(2)}x the instructions`);
  }
  console.log(JSON.stringify({ requests: args.requests, warmup: args.warmup, env: args.env, irPerRequest: Object.fromEntries(perRequest) }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

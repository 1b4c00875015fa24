import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../test/support/free-port';

// The built service for the load bench: `node dist/src/main.js` on a database of its own, made
// on the Postgres at DATABASE_URL (default: the local server) and dropped afterwards.
const ROOT = resolve(__dirname, '../..');

export interface LoadServer {
  url: string;
  pid?: number; // for the CPU time it spends (/proc/<pid>/stat)
  stop(): Promise<void>;
}

function adminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface LoadServerOptions {
  logLevel: string;
  nodeArgs?: string[]; // before the script: --cpu-prof and its directory for a profile
  env?: Record<string, string>; // more of the service's settings
  dist?: string; // the build to run (default: this checkout's dist/); another build to compare with
}

// As deployed (the Dockerfile's NODE_ENV=production: graphql-js, for one, checks types far more
// cheaply then), with the rate limit lifted: one client hammering the service is what this
// measures, and the limiter's own cost stays on the path. Logging stays on at `logLevel`
// (stdout goes to /dev/null), so its per-request cost is in the figures.
export async function startLoadServer(options: LoadServerOptions): Promise<LoadServer> {
  const database = `vmcs12_bench_${process.pid}_${Date.now()}`;
  await admin(`CREATE DATABASE "${database}"`);
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(options.dist ? resolve(options.dist) : join(ROOT, 'dist'), 'src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: url.toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: options.logLevel,
      RATE_LIMIT_PER_MINUTE: '10000000',
      NODE_ENV: 'production',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stopChild = stopper(child);
  const stop = async (): Promise<void> => {
    await stopChild();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await fetch(`${base}/health`).then((r) => r.status === 200, () => false)) {
      return { url: base, pid: child.pid, stop };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the service did not become ready on ${base}`);
}

// SIGTERM once, then wait for the exit (a --cpu-prof profile is written on the way out).
function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    await exited;
  };
}

// The floor: bench/echo-server.ts in a process of its own, as the service is, so that neither
// shares an event loop with the client.
export function startEchoServer(): Promise<LoadServer> {
  return startReferenceServer('echo-server.js');
}

// A server of bench/ (the echo, the --stack references) in a process of its own: it prints its
// port once it listens and stops on SIGTERM.
export async function startReferenceServer(script: string): Promise<LoadServer> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/bench', script)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = stopper(child);
  const port = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) {
        done(out.trim());
      }
    });
    child.once('exit', () => fail(new Error(`${script} exited before it listened`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop };
}

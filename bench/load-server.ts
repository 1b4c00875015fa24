import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../test/support/free-port';

// The built service for the load bench: `node dist/src/main.js` on a database of its own, made
// on the Postgres at DATABASE_URL (default: the local server) and dropped afterwards.
const ROOT = resolve(__dirname, '../..');

export interface LoadServer {
  url: string;
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

// The rate limit is lifted: one client hammering the service is what this measures, and the
// limiter's own cost stays on the path. Logging stays on at `logLevel` (stdout goes to
// /dev/null), so its per-request cost is in the figures.
export async function startLoadServer(logLevel: string): Promise<LoadServer> {
  const database = `vmcs12_bench_${process.pid}_${Date.now()}`;
  await admin(`CREATE DATABASE "${database}"`);
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_URL: url.toString(), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: logLevel, RATE_LIMIT_PER_MINUTE: '10000000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    await exited;
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await fetch(`${base}/health`).then((r) => r.status === 200, () => false)) {
      return { url: base, stop };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the service did not become ready on ${base}`);
}

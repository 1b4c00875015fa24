import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../../support/free-port';
import { isTrue, pollUntil } from '../../../support/poll-until';

export const ROOT = resolve(__dirname, '../../../..');
const MAIN = join(ROOT, 'dist/src/main.js');

// The built service, as production runs it. `npm test` builds first; a bare `jest` run on a
// fresh clone builds here once.
export function ensureBuilt(): string {
  if (!existsSync(MAIN)) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
      cwd: ROOT,
      stdio: 'inherit',
      timeout: 300_000,
    });
  }
  return MAIN;
}


export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  output(): string; // stdout and stderr so far, for failure messages
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>; // signal, then wait for the exit
}

// `node dist/src/main.js` on `databaseUrl`, resolved once /health answers 200 (migrated, catalog
// imported). Rejects with the service's own output if it exits or is not ready in time.
export async function startService(databaseUrl: string, env: Record<string, string> = {}, readyMs = 60_000): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [ensureBuilt()], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '10000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = {
    child,
    url,
    output: () => text,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      await exited;
    },
  };
  let gone = false;
  void exited.then(() => (gone = true));
  const ready = async (): Promise<boolean> => {
    if (gone) {
      throw new Error('the process exited');
    }
    return fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
  };
  try {
    await pollUntil(`${url}/health to answer 200`, ready, isTrue, { timeoutMs: readyMs, intervalMs: 100 });
    return service;
  } catch (err) {
    await service.stop('SIGKILL');
    throw new Error(`the service did not become ready on ${url} (${(err as Error).message}):\n${text}`);
  }
}

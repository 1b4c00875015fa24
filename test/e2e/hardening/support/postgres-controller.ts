import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../../support/free-port';
import { ROOT } from './service-process';

export interface ControlledPostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>; // stops the server, ends the controller, removes the data directory
}

// An embedded Postgres in a temp directory that a test can stop and start under a running
// service, through embedded-postgres-controller.ts in a child `node`.
export async function startControlledPostgres(): Promise<ControlledPostgres> {
  const parent = mkdtempSync(join(tmpdir(), 'vmcs12-pgrestart-'));
  chmodSync(parent, 0o755); // as root, the server runs as `postgres` and must reach the dir
  const dataDir = join(parent, 'data');
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', join(ROOT, 'test/support/swc-register.js'), join(__dirname, 'embedded-postgres-controller.ts'), dataDir, String(port)],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (want: string): Promise<Record<string, unknown>> => {
    const { value, done } = await lines.next();
    const msg = done ? { event: 'exited early' } : (JSON.parse(value as string) as Record<string, unknown>);
    if (msg.event !== want) {
      throw new Error(`embedded Postgres controller: expected ${want}, got ${JSON.stringify(msg)}`);
    }
    return msg;
  };
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const send = (command: string): void => {
    child.stdin?.write(`${command}\n`);
  };
  const first = await next('started').catch(async (err: unknown) => {
    child.kill('SIGKILL');
    rmSync(parent, { recursive: true, force: true });
    throw err;
  });
  return {
    url: first.url as string,
    async stop() {
      send('stop');
      await next('stopped');
    },
    async start() {
      send('start');
      await next('started');
    },
    async close() {
      send('exit');
      const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 30_000).unref());
      if ((await Promise.race([exited.then(() => 'exited' as const), timeout])) === 'timeout') {
        // The controller hung: stop its postmaster (ours, by the pid it recorded) and the child.
        try {
          process.kill(Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGQUIT');
        } catch {
          // no postmaster left
        }
        child.kill('SIGKILL');
      }
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

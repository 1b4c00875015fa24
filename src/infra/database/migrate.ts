import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

// Applies prisma/migrations/*/migration.sql at boot, bookkeeping exactly as Prisma Migrate does
// so that `prisma migrate deploy` and `prisma migrate status` agree with what we applied:
// same `_prisma_migrations` table, checksum = sha256 hex of the file's bytes, folder-name order.
// Unlike Prisma, each migration runs in one transaction with its bookkeeping row, so a failure
// leaves neither half-applied DDL nor a failed row that needs `prisma migrate resolve`.

// Prisma Migrate's own advisory lock key: taking the same one serialises us with concurrent
// service instances *and* with a `prisma migrate deploy` run against the same database.
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export interface MigrateOptions {
  migrationsDir?: string; // default: the nearest prisma/migrations above this file
  log?: (message: string) => void;
}

export interface MigrateResult {
  applied: string[]; // applied by this call, in order
  alreadyApplied: string[];
}

export interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrate(connectionString: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const local = readMigrations(options.migrationsDir ?? findMigrationsDir());
  const client = new Client({ connectionString, application_name: 'vmcs12-migrate' });
  await client.connect();
  try {
    // Session-level lock: held across the per-migration transactions below.
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const rows = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const done = new Map<string, AppliedRow>();
    for (const row of rows.rows) {
      if (row.rolled_back_at !== null) {
        continue; // rolled back rows are history; Prisma re-applies such a migration
      }
      if (row.finished_at === null) {
        throw new Error(`migration ${row.migration_name} failed earlier (finished_at is null); resolve it by hand`);
      }
      done.set(row.migration_name, row);
    }
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const migration of local) {
      const previous = done.get(migration.name);
      if (previous) {
        // Committed migrations are never edited: a different checksum means this build and the
        // database disagree about the schema, and guessing would corrupt data.
        if (previous.checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} was modified after it was applied (checksum differs)`);
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      await applyOne(client, migration);
      log(`migration applied: ${migration.name}`);
      result.applied.push(migration.name);
    }
    const unknown = [...done.keys()].filter((name) => !local.some((m) => m.name === name));
    if (unknown.length > 0) {
      // A newer instance may have migrated already during a rolling deploy; not an error here.
      log(`database has migrations this build does not know: ${unknown.join(', ')}`);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

async function applyOne(client: Client, migration: LocalMigration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, migration.checksum, migration.name],
    );
    // Simple-query protocol (no parameters): the file holds many statements.
    await client.query(migration.sql);
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`migration ${migration.name} failed: ${reason}`, { cause: err });
  }
}

export function readMigrations(migrationsDir: string): LocalMigration[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(migrationsDir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(migrationsDir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
    });
}

// Prisma's checksum: sha256 over the file's bytes exactly as stored, lower-case hex.
export function migrationChecksum(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// Works from src/infra/database (ts-node, Jest) and from dist/src/infra/database (build).
export function findMigrationsDir(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) {
      return candidate;
    }
    if (dirname(dir) === dir) {
      throw new Error(`no prisma/migrations directory above ${start}`);
    }
  }
}

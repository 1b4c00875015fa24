import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findMigrationsDir, migrate } from '../../../src/infra/database/migrate';
import type { TestDatabase } from '../../support/test-database';
import { adminUrl, databaseUrl, withAdmin } from '../../support/test-database';

// These start from an empty database, not the template: migrate() is what built the template.

const MIGRATION = '20261126000000_event_store';
// Every migration, in the order they apply; the first one is the one the file tests in detail.
const ALL = [MIGRATION, '20261129000000_lineages', '20261130000000_lineage_layouts'];

async function emptyDatabase(): Promise<TestDatabase> {
  const name = `vmcs12_migrate_${process.pid}_${Math.random().toString(16).slice(2, 10)}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrl(adminUrl(), name),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function query<T extends object>(url: string, text: string): Promise<T[]> {
  const sql = new Client({ connectionString: url });
  await sql.connect();
  try {
    return (await sql.query<T>(text)).rows;
  } finally {
    await sql.end();
  }
}

let db: TestDatabase;
beforeEach(async () => {
  db = await emptyDatabase();
});
afterEach(async () => {
  await db.drop();
});

it('applies the migrations once and records them as Prisma Migrate does', async () => {
  expect(await migrate(db.url)).toEqual({ applied: ALL, alreadyApplied: [] });
  expect(await migrate(db.url)).toEqual({ applied: [], alreadyApplied: ALL });
  const rows = await query<Record<string, unknown>>(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
  const file = readFileSync(join(findMigrationsDir(), MIGRATION, 'migration.sql'));
  expect(rows).toHaveLength(ALL.length);
  expect(rows[0]).toMatchObject({
    migration_name: MIGRATION,
    checksum: createHash('sha256').update(file).digest('hex'),
    logs: null,
    rolled_back_at: null,
    applied_steps_count: 1,
  });
  expect(rows[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(rows[0]?.finished_at).toBeInstanceOf(Date);
  // Prisma's own column types, so `prisma migrate status` reads the table as its own.
  const columns = await query<{ column_name: string; data_type: string }>(
    db.url,
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
  );
  expect(columns.map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
    'id:character varying',
    'checksum:character varying',
    'finished_at:timestamp with time zone',
    'migration_name:character varying',
    'logs:text',
    'rolled_back_at:timestamp with time zone',
    'started_at:timestamp with time zone',
    'applied_steps_count:integer',
  ]);
});

it('serialises instances that boot together', async () => {
  const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
  expect(results.flatMap((r) => r.applied)).toEqual(ALL);
  expect(await query(db.url, 'SELECT 1 FROM "_prisma_migrations"')).toHaveLength(ALL.length);
});

describe('with a migrations directory of its own', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vmcs12-migrations-'));
    cpSync(findMigrationsDir(), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a migration edited after it was applied', async () => {
    await migrate(db.url, { migrationsDir: dir });
    writeFileSync(join(dir, MIGRATION, 'migration.sql'), `${readFileSync(join(dir, MIGRATION, 'migration.sql'), 'utf8')}\n-- edited\n`);
    await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(`migration ${MIGRATION} was modified after it was applied`);
  });

  it('rolls a failing migration back completely, bookkeeping included', async () => {
    await migrate(db.url, { migrationsDir: dir });
    const bad = '20261127000000_broken';
    cpSync(join(dir, MIGRATION), join(dir, bad), { recursive: true });
    writeFileSync(join(dir, bad, 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
    await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(`migration ${bad} failed`);
    expect(await query(db.url, `SELECT 1 FROM pg_tables WHERE tablename = 'half_done'`)).toEqual([]);
    expect(await query(db.url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '${bad}'`)).toEqual([]);
  });

  // A registry whose layouts predate lineages: its read models get the one lineage its events
  // imply (mainline), so GET /lineages agrees with a rebuild from the log.
  it('gives the layouts of a registry from before lineages the mainline lineage', async () => {
    const first = join(dir, '..', `${MIGRATION}-only-${process.pid}`);
    cpSync(dir, first, { recursive: true });
    for (const later of ALL.slice(1)) {
      rmSync(join(first, later), { recursive: true, force: true });
    }
    try {
      await migrate(db.url, { migrationsDir: first });
      await query(
        db.url,
        `INSERT INTO layouts (name, position, revision, size, fingerprint, format, source, imported, registered_at, updated_position)
         VALUES ('old-a', 1, '0x11e57ed0', 4096, 'sha256:aa', 'json', '{}', true, now(), 1),
                ('old-b', 3, '0x11e57ed0', 4096, 'sha256:bb', 'json', '{}', false, now(), 3)`,
      );
      expect(await migrate(db.url, { migrationsDir: dir })).toEqual({ applied: ALL.slice(1), alreadyApplied: [MIGRATION] });
      expect(await query(db.url, 'SELECT name, lineage FROM layouts ORDER BY position')).toEqual([
        { name: 'old-a', lineage: 'mainline' },
        { name: 'old-b', lineage: 'mainline' },
      ]);
      expect(await query(db.url, 'SELECT name, branches_from, position::int AS position, policy, layouts FROM lineages')).toEqual([
        { name: 'mainline', branches_from: null, position: 1, policy: null, layouts: ['old-a', 'old-b'] },
      ]);
    } finally {
      rmSync(first, { recursive: true, force: true });
    }
  });

  // A registry from before lineages kept their layouts on their rows: each lineage gets its
  // layouts in registration order, which is what the fold gave them then.
  it('gives the lineages of a registry from before lineage_layouts their layouts in registration order', async () => {
    const before = join(dir, '..', `${MIGRATION}-lineages-${process.pid}`);
    cpSync(dir, before, { recursive: true });
    rmSync(join(before, ALL[2] as string), { recursive: true, force: true });
    try {
      await migrate(db.url, { migrationsDir: before });
      await query(
        db.url,
        `INSERT INTO layouts (name, position, revision, size, fingerprint, format, source, imported, registered_at, updated_position, lineage)
         VALUES ('m-2', 5, '0x11e57ed0', 4096, 'sha256:aa', 'json', '{}', true, now(), 5, 'mainline'),
                ('m-1', 1, '0x11e57ed0', 4096, 'sha256:bb', 'json', '{}', true, now(), 1, 'mainline'),
                ('v-1', 3, '0x11e57ed0', 4096, 'sha256:cc', 'json', '{}', false, now(), 3, 'vendor');
         INSERT INTO lineages (name, branches_from, position, policy, updated_position)
         VALUES ('mainline', NULL, 1, NULL, 1), ('vendor', 'mainline', 3, NULL, 3), ('empty', NULL, 9, NULL, 9)`,
      );
      expect(await migrate(db.url, { migrationsDir: dir })).toEqual({ applied: [ALL[2]], alreadyApplied: ALL.slice(0, 2) });
      expect(await query(db.url, 'SELECT name, layouts FROM lineages ORDER BY position')).toEqual([
        { name: 'mainline', layouts: ['m-1', 'm-2'] },
        { name: 'vendor', layouts: ['v-1'] },
        { name: 'empty', layouts: [] },
      ]);
    } finally {
      rmSync(before, { recursive: true, force: true });
    }
  });

  it('creates no lineage for an empty registry', async () => {
    await migrate(db.url, { migrationsDir: dir });
    expect(await query(db.url, 'SELECT * FROM lineages')).toEqual([]);
  });
});

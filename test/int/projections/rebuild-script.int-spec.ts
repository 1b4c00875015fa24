import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { StoreInstance } from '../../support/prisma-store';
import { openStore } from '../../support/prisma-store';
import { dumpReadModels } from '../../support/read-model-dump';
import { writeRegistryHistory } from '../../support/registry-history';
import type { TestDatabase } from '../../support/test-database';
import { createTestDatabase } from '../../support/test-database';

// `npm run projections:rebuild` is src/bin/rebuild-projections.ts: run here as a process of its
// own on DATABASE_URL (through swc, so it checks this source, not a stale dist/), it must put
// damaged read models back to what the live projector wrote, and say what it rebuilt.
const root = join(__dirname, '..', '..', '..');

let db: TestDatabase;
let instance: StoreInstance;
let sql: Client;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = openStore(db.url);
  sql = new Client({ connectionString: db.url });
  await sql.connect();
  await writeRegistryHistory(instance.store);
});

afterAll(async () => {
  await sql.end();
  await instance.close();
  await db.drop();
});

it('rebuilds damaged read models from the log and reports the counts', async () => {
  const live = await dumpReadModels(sql);
  await sql.query(`DELETE FROM layouts WHERE name = 'vendor-v1'`);
  await sql.query(`UPDATE lineages SET policy = NULL`);
  await sql.query('DELETE FROM policy');
  await sql.query('DELETE FROM projection_checkpoints');
  expect(await dumpReadModels(sql)).not.toEqual(live);
  const { DATA_DIR: _d, ...env } = process.env;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', join(root, 'test/support/swc-register.js'), join(root, 'src/bin/rebuild-projections.ts')],
    { cwd: root, timeout: 120_000, env: { ...env, DATABASE_URL: db.url } },
  );
  expect(stdout).toMatch(/rebuilt read models from 21 events \(up to position 21\)/);
  expect(stdout).toMatch(/layouts +7\n/);
  expect(stdout).toMatch(/layout_fields +28\n/);
  expect(stdout).toMatch(/lineages +3\n/);
  expect(await dumpReadModels(sql)).toEqual(live);
}, 150_000);

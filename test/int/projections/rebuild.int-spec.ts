import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { rebuildProjections } from '../../../src/infra/projections/rebuild-projections';
import { RegistryReadModel } from '../../../src/infra/projections/registry-read-model';
import type { StoreInstance } from '../../support/prisma-store';
import { openStore } from '../../support/prisma-store';
import { dumpReadModels } from '../../support/read-model-dump';
import { writeRegistryHistory } from '../../support/registry-history';
import type { TestDatabase } from '../../support/test-database';
import { createTestDatabase } from '../../support/test-database';

let db: TestDatabase;
let instance: StoreInstance;
let sql: Client;

const dump = (): Promise<Record<string, string[]>> => dumpReadModels(sql);

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

it('projects the history live into the read models', async () => {
  const read = new RegistryReadModel(instance.prisma);
  expect((await read.listLayouts()).map((l) => l.name)).toEqual(['linux-v4.14', 'linux-v4.15', 'same-as-4.15', 'linux-v5.0', 'vendor-v1', 'vendor-v2', 'evmcs']);
  expect(await read.getLayout('linux-v4.14')).toMatchObject({
    imported: true,
    deprecated: true,
    deprecationReason: 'superseded by 4.15',
    provenance: { tree: 'torvalds/linux', kernel: '4.14', mainline: true },
    updatedPosition: 9,
  });
  expect((await read.getLayout('linux-v4.15'))?.annotations).toEqual({ kernel: '4.15-rc1', notes: 'second' });
  const v50 = await read.getLayout('linux-v5.0');
  expect(v50?.fields.map((f) => [f.ordinal, f.name, f.offset, f.bitfields, f.line])).toEqual([
    [0, 'hdr', 0, [{ name: 'revision_id', bits: 31 }, { name: 'shadow_vmcs', bits: 1 }], 2],
    [1, 'abort', 4, null, 3],
    [2, 'padding64', 8, null, null],
    [3, 'guest_rip', 32, null, null],
  ]);
  expect(v50?.provenance).toBeNull();
  expect((await read.findByFingerprint('sha256:02')).map((l) => l.name)).toEqual(['linux-v4.15', 'same-as-4.15']);
  expect(await read.listAliases()).toEqual([
    { from: 'vmcs_link_pointer', to: 'vmcs_link_ptr', position: 5 },
    { from: 'guest_pml_index', to: 'guest_pml_idx', position: 10 },
  ]);
  expect(await read.getPolicy()).toEqual({ mode: 'full', transitive: true, sameRevision: 'any', position: 11 });
  expect(await read.listLineages()).toEqual([
    { name: 'mainline', branchesFrom: null, position: 1, policy: null, updatedPosition: 1, layouts: ['linux-v4.14', 'linux-v4.15', 'same-as-4.15', 'linux-v5.0'] },
    { name: 'vendor', branchesFrom: 'mainline', position: 14, policy: { mode: 'backward', transitive: true, sameRevision: 'in-place-all' }, updatedPosition: 15, layouts: ['vendor-v1', 'vendor-v2'] },
    { name: 'evmcs', branchesFrom: null, position: 17, policy: null, updatedPosition: 19, layouts: ['evmcs'] },
  ]);
  expect(await read.listReserved()).toEqual([{ name: 'dead_space', reason: 'cr3_target_value0..3, kept but unused', position: 21 }]);
  expect((await read.getLayout('vendor-v2'))?.lineage).toBe('vendor');
  expect(await read.checkpoint()).toBe(21);
  expect(await read.getLayout('nope')).toBeUndefined();
});

it('rebuilds tables identical to the live ones', async () => {
  const live = await dump();
  expect(live.layouts).toHaveLength(7);
  expect(live.layout_fields).toHaveLength(28);
  expect(live.lineages).toHaveLength(3);
  const result = await rebuildProjections(instance.prisma, { batchSize: 3, insertChunk: 5 });
  expect(result).toMatchObject({ events: 21, position: 21, layouts: 7, layoutFields: 28, aliases: 2, lineages: 3, reserved: 1, policy: 1 });
  expect(await dump()).toEqual(live);
});

it('repairs damaged read models', async () => {
  const live = await dump();
  await sql.query(`DELETE FROM layouts WHERE name = 'linux-v4.15'`);
  await sql.query(`UPDATE aliases SET to_name = 'wrong'`);
  await sql.query('DELETE FROM policy');
  await sql.query(`UPDATE lineages SET policy = NULL`);
  await sql.query('DELETE FROM reserved_names');
  expect(await dump()).not.toEqual(live);
  await rebuildProjections(instance.prisma);
  expect(await dump()).toEqual(live);
});

// `npm run projections:rebuild` is src/bin/rebuild-projections.ts: run as a process of its own
// on DATABASE_URL (through swc, so it checks this source, not a stale dist/), it puts damaged
// read models back and says what it rebuilt.
it('repairs them through the projections:rebuild script too', async () => {
  const live = await dump();
  await sql.query(`DELETE FROM layouts WHERE name = 'vendor-v1'`);
  await sql.query(`UPDATE lineages SET policy = NULL`);
  await sql.query('DELETE FROM projection_checkpoints');
  expect(await dump()).not.toEqual(live);
  const root = join(__dirname, '..', '..', '..');
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
  expect(await dump()).toEqual(live);
}, 150_000);

it('keeps projecting live appends after a rebuild', async () => {
  await instance.store.append({
    stream: 'layout-linux-v5.0',
    expectedVersion: 2,
    events: [{ type: 'LayoutDeprecated', data: { name: 'linux-v5.0', reason: 'test' } }],
    metadata: {},
  });
  const afterLive = await dump();
  await rebuildProjections(instance.prisma);
  expect(await dump()).toEqual(afterLive);
  expect(afterLive.projection_checkpoints).toEqual(['{"name": "registry", "position": 22}']);
});

it('rolls the append back when its projection fails', async () => {
  const before = await instance.store.verify();
  // Appended around decide, to another stream: only the read model's primary key objects.
  const duplicate = instance.store.append({
    stream: 'sneaky',
    expectedVersion: 'any',
    events: [{ type: 'LayoutRegistered', data: { ...(await instance.store.readStream('layout-linux-v5.0'))[0]?.data, fingerprint: 'sha256:ff' } as never }],
    metadata: {},
  });
  await expect(duplicate).rejects.toThrow(/Unique constraint/);
  expect(await instance.store.verify()).toEqual(before);
  expect(await instance.store.readStream('sneaky')).toEqual([]);
});

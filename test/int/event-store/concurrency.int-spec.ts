import { Client } from 'pg';
import { CoreError } from '../../../src/core/errors';
import type { RegistryEvent } from '../../../src/core/events/events';
import type { StoreInstance } from '../../support/prisma-store';
import { openStore } from '../../support/prisma-store';
import type { TestDatabase } from '../../support/test-database';
import { createTestDatabase } from '../../support/test-database';

// Two service instances (two PrismaClients, two pools) writing to one database at once.

let db: TestDatabase;
let a: StoreInstance;
let b: StoreInstance;

beforeEach(async () => {
  db = await createTestDatabase();
  a = openStore(db.url);
  b = openStore(db.url);
});

afterEach(async () => {
  await Promise.all([a.close(), b.close()]);
  await db.drop();
});

const alias = (i: number): RegistryEvent => ({ type: 'FieldAliasDeclared', data: { from: `f${i}`, to: `t${i}` } });

async function positions(url: string): Promise<number[]> {
  const sql = new Client({ connectionString: url });
  await sql.connect();
  try {
    const rows = await sql.query<{ position: string }>('SELECT position FROM events ORDER BY position');
    return rows.rows.map((r) => Number(r.position));
  } finally {
    await sql.end();
  }
}

it('lands 50 concurrent appends from two instances gapless with an intact chain', async () => {
  const appends = Array.from({ length: 50 }, (_, i) =>
    (i % 2 === 0 ? a : b).store.append({
      stream: `stream-${i % 7}`,
      expectedVersion: 'any',
      events: i % 5 === 0 ? [alias(i), alias(i + 1000)] : [alias(i)],
      metadata: { requestId: `r${i}` },
    }),
  );
  const results = await Promise.all(appends);
  const total = results.reduce((n, r) => n + r.events.length, 0);
  expect(total).toBe(60);
  expect(await positions(db.url)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  // Every stream's versions are 1..n too.
  for (let s = 0; s < 7; s += 1) {
    const versions = (await a.store.readStream(`stream-${s}`)).map((e) => e.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  }
  expect(await b.store.verify()).toMatchObject({ ok: true, events: 60 });
  const checkpoint = await a.prisma.projectionCheckpoint.findUnique({ where: { name: 'registry' } });
  expect(Number(checkpoint?.position)).toBe(60);
});

it('lets exactly one of two racing writers append at the same expected version', async () => {
  await a.store.append({ stream: 'aliases', expectedVersion: 'no-stream', events: [alias(0)], metadata: {} });
  const outcomes = await Promise.allSettled([
    a.store.append({ stream: 'aliases', expectedVersion: 1, events: [alias(1)], metadata: {} }),
    b.store.append({ stream: 'aliases', expectedVersion: 1, events: [alias(2)], metadata: {} }),
  ]);
  const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  expect(rejected).toHaveLength(1);
  expect(rejected[0]?.reason).toBeInstanceOf(CoreError);
  expect(rejected[0]?.reason).toMatchObject({ code: 'CONFLICT', details: { stream: 'aliases', expected: 1, actual: 2 } });
  expect(await positions(db.url)).toEqual([1, 2]);
});

it('appends a key once when both instances retry the same command concurrently', async () => {
  const request = { stream: 'aliases', expectedVersion: 'any' as const, events: [alias(1), alias(2)], metadata: { idempotencyKey: 'retry-1' } };
  const results = await Promise.all([a.store.append(request), b.store.append(request), a.store.append(request)]);
  expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  const original = results.find((r) => !r.replayed);
  results.forEach((r) => expect(r.events).toEqual(original?.events));
  expect(await positions(db.url)).toEqual([1, 2]);
});

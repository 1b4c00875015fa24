import { Client } from 'pg';
import { catalogHistory } from '../../src/core/catalog/catalog-history';
import request from 'supertest';
import { readAllEvents } from '../support/read-events';
import { createPrismaClient } from '../../src/infra/database/prisma-client';
import { rebuildProjections } from '../../src/infra/projections/rebuild-projections';
import { dumpReadModels } from '../support/read-model-dump';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import type { TestDatabase } from '../support/test-database';

// The catalog's history (reserved names and layouts) is the log's first events.
const HISTORY = catalogHistory().length;

// Two service instances on one database, as behind a load balancer.
describe('two instances on one database', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase('vmcs12_e2e_pair');
    a = await startTestApp({ database: db });
    b = await startTestApp({ database: db });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await a.close();
    await b.close();
    await db.drop();
  });

  it('imports the catalog once, whichever instance starts first', async () => {
    const events = await readAllEvents(b.http);
    expect(events).toHaveLength(HISTORY);
  });

  it('lands 50 concurrent registrations from both instances with a gapless, valid chain', async () => {
    const sources = Array.from({ length: 50 }, (_, i) => ({
      name: `burst-${i}`,
      format: 'c',
      // A distinct revision id each: the gate has nothing to refuse.
      source: `struct __packed vmcs12 { u32 revision_id; u32 abort; u64 f${i}; };\n#define VMCS12_REVISION 0x${(0x100 + i).toString(16)}\n`,
    }));
    const responses = await Promise.all(sources.map((body, i) => request((i % 2 ? a : b).http).post('/layouts').send(body)));
    expect(responses.filter((r) => r.status !== 201).map((r) => [r.status, r.body])).toEqual([]);
    const events = await readAllEvents(a.http);
    expect(events).toHaveLength(HISTORY + 50);
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
    const verify = await request(b.http).get('/events/verify').expect(200);
    expect(verify.body).toMatchObject({ ok: true, events: HISTORY + 50 });
    // Each instance sees the other's registrations (read models are shared; the in-memory
    // state catches up through LISTEN/NOTIFY or on first use).
    await request(a.http).get('/compat/burst-0/burst-1').expect(200);
    await request(b.http).get('/compat/burst-1/burst-0').expect(200);
  });

  it('rebuilds the projections from the log into the same tables', async () => {
    const live = await dumpReadModels(sql);
    const prisma = createPrismaClient(db.url);
    try {
      await rebuildProjections(prisma);
    } finally {
      await prisma.$disconnect();
    }
    expect(await dumpReadModels(sql)).toEqual(live);
  });

  it('has Postgres refuse UPDATE on the log', async () => {
    await expect(sql.query(`UPDATE events SET type = 'Forged' WHERE position = 1`)).rejects.toThrow(/append-only|not allowed|immutable/i);
  });

  it('detects a tampered row through GET /events/verify', async () => {
    await sql.query('ALTER TABLE events DISABLE TRIGGER USER');
    try {
      await sql.query(`UPDATE events SET data = jsonb_set(data, '{reason}', '"forged"') WHERE position = 7`);
    } finally {
      await sql.query('ALTER TABLE events ENABLE TRIGGER USER');
    }
    const verify = await request(a.http).get('/events/verify').expect(200);
    expect(verify.body).toMatchObject({ ok: false, firstBadPosition: 7 });
  });
});

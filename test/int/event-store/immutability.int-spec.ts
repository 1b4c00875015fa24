import { Client } from 'pg';
import type { StoreInstance } from '../../support/prisma-store';
import { openStore } from '../../support/prisma-store';
import type { TestDatabase } from '../../support/test-database';
import { createTestDatabase } from '../../support/test-database';

// History is enforced by Postgres, not by our code: these statements go straight to the
// database, as a console session or another program would send them.

let db: TestDatabase;
let instance: StoreInstance;
let sql: Client;

beforeAll(async () => {
  db = await createTestDatabase();
  instance = openStore(db.url);
  for (let i = 1; i <= 5; i += 1) {
    await instance.store.append({
      stream: 'aliases',
      expectedVersion: i - 1,
      events: [{ type: 'FieldAliasDeclared', data: { from: `old_${i}`, to: `new_${i}` } }],
      metadata: { actor: 'test' },
    });
  }
  sql = new Client({ connectionString: db.url });
  await sql.connect();
});

afterAll(async () => {
  await sql.end();
  await instance.close();
  await db.drop();
});

describe('events table refuses to change', () => {
  it.each([
    ['UPDATE', `UPDATE events SET data = '{"from":"x","to":"y"}' WHERE position = 2`],
    ['DELETE', 'DELETE FROM events WHERE position = 5'],
    ['TRUNCATE', 'TRUNCATE events'],
  ])('refuses %s with restrict_violation', async (op, statement) => {
    const err = (await sql.query(statement).catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code).toBe('23001');
    expect(err.message).toBe(`events is append-only: ${op} refused`);
    const count = await sql.query<{ n: string }>('SELECT count(*) AS n FROM events');
    expect(Number(count.rows[0]?.n)).toBe(5);
  });

  it('verifies the intact chain', async () => {
    const result = await instance.store.verify();
    const head = await sql.query<{ hash: string }>('SELECT hash FROM events ORDER BY position DESC LIMIT 1');
    expect(result).toEqual({ ok: true, events: 5, head: head.rows[0]?.hash });
  });
});

describe('a row altered behind the triggers', () => {
  // Last in this file: it leaves the log tampered with.
  it('is detected by verify(), which names its position', async () => {
    await sql.query('ALTER TABLE events DISABLE TRIGGER events_no_update');
    await sql.query(`UPDATE events SET data = jsonb_set(data, '{to}', '"forged"') WHERE position = 3`);
    await sql.query('ALTER TABLE events ENABLE TRIGGER events_no_update');
    // Small batches, so the walk crosses batch boundaries before and after the bad row.
    const verifying = openStore(db.url, { verifyBatchSize: 2 });
    try {
      expect(await verifying.store.verify()).toMatchObject({ ok: false, events: 5, firstBadPosition: 3 });
    } finally {
      await verifying.close();
    }
    const updateAgain = await sql.query('UPDATE events SET hash = hash WHERE position = 3').catch((e: unknown) => e);
    expect(updateAgain).toMatchObject({ code: '23001' });
  });
});
